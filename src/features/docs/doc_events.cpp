// Socket.IO adapter of documents: join/leave/presence, cursors, and edits (doc_op, doc_edit).
// Edits are fanned out to the room except the editing socket, which learns its revision from the
// ack; the service emits under the document's lock, so every socket gets them in revision order.

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "features/docs/doc_routes.hpp"
#include "socketio/namespace.hpp"
#include "socketio/socket.hpp"

namespace chatter::docs {

namespace json = boost::json;
namespace jf = json_fields;

namespace {

const json::object& payload_of(const realtime::EventContext& context) {
    if (!context.payload.is_object()) {
        throw Error(Errc::kBadRequest, "The event data must be an object.", "invalid_json");
    }
    return context.payload.as_object();
}

RoomEmit to_others(socketio::Socket& socket, int64_t doc_id) {
    return [&socket, room = room_of(doc_id)](const std::string& event, const json::value& payload) {
        socket.to(room).emit(event, json::array{payload});
    };
}

void announce_left(EventSink& sink, int64_t doc_id, const std::vector<std::string>& usernames) {
    for (const auto& username : usernames) {
        sink.to_room(room_of(doc_id), "doc_user_left", json::object{{"doc_id", doc_id}, {"username", username}});
    }
}

}  // namespace

void register_doc_events(realtime::EventRegistry& events, DocService& service, DocPresence& presence, EventSink& sink) {
    service.set_access_lost([&presence, &sink](int64_t doc_id, const std::string& username) {
        const auto room = room_of(doc_id);
        for (const auto& socket : presence.drop(doc_id, username)) {
            socket->leave(room);
        }
        if (!username.empty()) {
            announce_left(sink, doc_id, {username});
        }
    });

    // A tab closed or a network lost says no doc_leave; the others must still see the user go.
    events.on_disconnect([&presence, &sink](socketio::Socket& socket) {
        for (const auto& departure : presence.remove_socket(socket.id())) {
            announce_left(sink, departure.doc_id, {departure.username});
        }
    });

    events.add("doc_join", [&service, &presence, &sink](realtime::EventContext& context) {
        const auto doc_id = jf::required_int(payload_of(context), "doc_id");
        const auto& username = context.principal.username;
        auto socket = context.socket.shared_from_this();
        const auto snapshot = service.join(context.principal, doc_id, [&] { context.socket.join(room_of(doc_id)); });
        const bool first = presence.add(doc_id, socket, username, snapshot.revision);
        if (!socket->connected()) {
            // It closed while joining, perhaps before its disconnect handler could see this session.
            if (auto left = presence.remove(doc_id, socket->id())) {
                announce_left(sink, doc_id, {*left});
            }
            throw Error(Errc::kConflict, "The connection closed while joining the document.", "disconnected");
        }
        std::vector<std::string> pruned;
        json::array users;
        for (const auto& name : presence.users(doc_id, pruned)) {
            users.emplace_back(name);
        }
        announce_left(sink, doc_id, pruned);
        if (first) {
            socket->to(room_of(doc_id))
                .emit("doc_user_joined", json::array{json::object{{"doc_id", doc_id}, {"username", username}}});
        }
        return json::object{
            {"ok", true},
            {"doc_id", doc_id},
            {"name", snapshot.name},
            {"content", snapshot.content},
            {"revision", snapshot.revision},
            {"role", snapshot.role},
            {"users", std::move(users)},
        };
    });

    events.add("doc_leave", [&presence, &sink](realtime::EventContext& context) {
        const auto doc_id = jf::required_int(payload_of(context), "doc_id");
        context.socket.leave(room_of(doc_id));
        if (auto left = presence.remove(doc_id, context.socket.id())) {
            announce_left(sink, doc_id, {*left});
        }
        return json::object{{"ok", true}};
    });

    events.add("doc_op", [&service, &presence](realtime::EventContext& context) {
        const auto& body = payload_of(context);
        const auto doc_id = jf::required_int(body, "doc_id");
        const auto revision = jf::required_int(body, "revision");
        const json::value* op = body.if_contains("op");
        if (op == nullptr) {
            throw Error(Errc::kBadRequest, "Field 'op' is required.", "missing_field");
        }
        const auto accepted =
            service.submit(context.principal, doc_id, revision, op_from_json(*op), to_others(context.socket, doc_id));
        presence.sent_to_all(doc_id, accepted.revision);
        return json::object{{"ok", true}, {"revision", accepted.revision}};
    });

    events.add("doc_edit", [&service, &presence](realtime::EventContext& context) {
        const auto& body = payload_of(context);
        const auto doc_id = jf::required_int(body, "doc_id");
        const auto content = jf::required_string(body, "content");
        auto base = jf::optional_int(body, "revision");
        if (!base) {
            base = presence.last_sent(doc_id, context.socket.id());
        }
        if (!base) {
            // A client that never joined has seen nothing older than the head.
            base = service.get(context.principal, doc_id).revision;
        }
        const auto accepted =
            service.submit_content(context.principal, doc_id, *base, content, to_others(context.socket, doc_id));
        presence.sent_to_all(doc_id, accepted.revision);
        return json::object{{"ok", true}, {"revision", accepted.revision}};
    });

    events.add("doc_cursor", [&service](realtime::EventContext& context) {
        const auto& body = payload_of(context);
        const auto doc_id = jf::required_int(body, "doc_id");
        const auto position = jf::required_int(body, "position");
        const auto selection_end = jf::optional_int(body, "selection_end").value_or(position);
        service.require_role(context.principal, doc_id);
        context.socket.to(room_of(doc_id))
            .emit(
                "doc_cursor",
                json::array{json::object{
                    {"doc_id", doc_id},
                    {"username", context.principal.username},
                    {"position", position},
                    {"selection_end", selection_end},
                }}
            );
        return json::object{{"ok", true}};
    });
}

}  // namespace chatter::docs
