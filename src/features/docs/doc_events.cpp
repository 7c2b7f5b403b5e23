// Socket.IO adapter of documents: join/leave/presence, cursors, and edits (doc_op, doc_edit).
// Edits are fanned out to the room except the editing socket, which learns its revision from the
// ack; the service emits under the document's lock, so every socket of a node gets them in
// revision order (clients of other nodes order them by revision: docs/decisions/0007).

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <future>
#include <memory>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "features/docs/doc_routes.hpp"
#include "socketio/socket.hpp"

namespace chatter::docs {

namespace json = boost::json;
namespace jf = json_fields;

namespace {

constexpr const char* kAccessLost = "doc_access_lost";
constexpr auto kDirectoryWait = std::chrono::seconds(2);

const json::object& payload_of(const realtime::EventContext& context) {
    if (!context.payload.is_object()) {
        throw Error(Errc::kBadRequest, "The event data must be an object.", "invalid_json");
    }
    return context.payload.as_object();
}

RoomEmit to_others(EventSink& sink, const socketio::Socket& socket, int64_t doc_id) {
    return [&sink, id = socket.id(), room = room_of(doc_id)](const std::string& event, const json::value& payload) {
        sink.to_room_except(room, id, event, payload);
    };
}

json::object user_payload(int64_t doc_id, const std::string& username) {
    return json::object{{"doc_id", doc_id}, {"username", username}};
}

// Arrivals and departures of users (their first session of a document opened, their last one
// closed), announced at once on a single node, and only when the directory says they changed
// cluster-wide otherwise.
class Announcer {
  public:
    explicit Announcer(const DocRealtime& realtime) : sink_(realtime.sink), directory_(realtime.directory) {}

    /// On a worker. With a directory it waits (briefly) until the directory knows, so that whoever
    /// joins after this ack, on any node, finds the user in `users`.
    void joined(int64_t doc_id, const std::string& username, const std::string& socket_id) const {
        if (directory_ == nullptr) {
            sink_.to_room_except(room_of(doc_id), socket_id, "doc_user_joined", user_payload(doc_id, username));
            return;
        }
        auto known = std::make_shared<std::promise<void>>();
        auto entered = known->get_future();
        directory_->enter(room_of(doc_id), username, [&sink = sink_, doc_id, username, socket_id, known](bool changed) {
            if (changed) {
                sink.to_room_except(room_of(doc_id), socket_id, "doc_user_joined", user_payload(doc_id, username));
            }
            known->set_value();
        });
        entered.wait_for(kDirectoryWait);
    }

    void left(int64_t doc_id, const std::vector<std::string>& usernames) const {
        for (const auto& username : usernames) {
            if (directory_ == nullptr) {
                sink_.to_room(room_of(doc_id), "doc_user_left", user_payload(doc_id, username));
                continue;
            }
            directory_->leave(room_of(doc_id), username, [&sink = sink_, doc_id, username](bool changed) {
                if (changed) {
                    sink.to_room(room_of(doc_id), "doc_user_left", user_payload(doc_id, username));
                }
            });
        }
    }

    /// Everyone with the document open: on any node when there is a directory.
    std::vector<std::string> with_open(int64_t doc_id, std::vector<std::string> here) const {
        if (directory_ != nullptr) {
            if (const auto cluster = directory_->members(room_of(doc_id))) {
                here.insert(here.end(), cluster->begin(), cluster->end());
                std::sort(here.begin(), here.end());
                here.erase(std::unique(here.begin(), here.end()), here.end());
            }
        }
        return here;
    }

  private:
    EventSink& sink_;
    PresenceDirectory* directory_;
};

// Runs on every node: the sessions of a member who lost access (or of everyone, when the
// document was deleted) end here. Announcing is the raising node's (single node) or the
// directory's (cluster) business.
void drop_sessions(const DocRealtime& realtime, const Announcer& announce, const json::value& data) {
    const auto& body = data.as_object();
    const int64_t doc_id = body.at("doc_id").to_number<int64_t>();
    const std::string username(body.at("username").as_string());
    std::vector<std::string> departed;
    for (const auto& socket : realtime.presence.drop(doc_id, username, &departed)) {
        socket->leave(room_of(doc_id));
    }
    if (realtime.directory != nullptr) {
        announce.left(doc_id, departed);
    }
}

}  // namespace

void register_doc_events(realtime::EventRegistry& events, const DocRealtime& realtime) {
    const Announcer announce(realtime);
    auto& service = realtime.service;
    auto& presence = realtime.presence;
    auto& sink = realtime.sink;

    realtime.signals.on(kAccessLost, [realtime, announce](const json::value& data) {
        drop_sessions(realtime, announce, data);
    });
    service.set_access_lost([&signals = realtime.signals,
                             announce,
                             single = realtime.directory == nullptr](int64_t doc_id, const std::string& username) {
        signals.raise(kAccessLost, json::object{{"doc_id", doc_id}, {"username", username}});
        if (single && !username.empty()) {
            announce.left(doc_id, {username});
        }
    });
    if (realtime.directory != nullptr) {
        // A node that went away took its sessions with it.
        realtime.directory->watch("doc:", [&sink](const std::string& room, const std::string& username, bool present) {
            const auto doc_id = jf::parse_int(room.substr(4));
            if (doc_id) {
                sink.to_room(room, present ? "doc_user_joined" : "doc_user_left", user_payload(*doc_id, username));
            }
        });
    }

    // A tab closed or a network lost says no doc_leave; the others must still see the user go.
    events.on_disconnect([&presence, announce](socketio::Socket& socket) {
        for (const auto& departure : presence.remove_socket(socket.id())) {
            announce.left(departure.doc_id, {departure.username});
        }
    });

    events.add("doc_join", [&service, &presence, announce](realtime::EventContext& context) {
        const auto doc_id = jf::required_int(payload_of(context), "doc_id");
        const auto& username = context.principal.username;
        auto socket = context.socket.shared_from_this();
        const auto snapshot = service.join(context.principal, doc_id, [&] { context.socket.join(room_of(doc_id)); });
        const bool first = presence.add(doc_id, socket, username, snapshot.revision);
        if (!socket->connected()) {
            // It closed while joining, perhaps before its disconnect handler could see this session.
            if (auto left = presence.remove(doc_id, socket->id())) {
                announce.left(doc_id, {*left});
            }
            throw Error(Errc::kConflict, "The connection closed while joining the document.", "disconnected");
        }
        std::vector<std::string> pruned;
        json::array users;
        for (const auto& name : announce.with_open(doc_id, presence.users(doc_id, pruned))) {
            users.emplace_back(name);
        }
        announce.left(doc_id, pruned);
        if (first) {
            announce.joined(doc_id, username, socket->id());
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

    events.add("doc_leave", [&presence, announce](realtime::EventContext& context) {
        const auto doc_id = jf::required_int(payload_of(context), "doc_id");
        context.socket.leave(room_of(doc_id));
        if (auto left = presence.remove(doc_id, context.socket.id())) {
            announce.left(doc_id, {*left});
        }
        return json::object{{"ok", true}};
    });

    events.add("doc_op", [&service, &presence, &sink](realtime::EventContext& context) {
        const auto& body = payload_of(context);
        const auto doc_id = jf::required_int(body, "doc_id");
        const auto revision = jf::required_int(body, "revision");
        const json::value* op = body.if_contains("op");
        if (op == nullptr) {
            throw Error(Errc::kBadRequest, "Field 'op' is required.", "missing_field");
        }
        const auto accepted = service.submit(
            context.principal, doc_id, revision, op_from_json(*op), to_others(sink, context.socket, doc_id)
        );
        presence.sent_to_all(doc_id, accepted.revision);
        return json::object{{"ok", true}, {"revision", accepted.revision}};
    });

    events.add("doc_edit", [&service, &presence, &sink](realtime::EventContext& context) {
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
            service.submit_content(context.principal, doc_id, *base, content, to_others(sink, context.socket, doc_id));
        presence.sent_to_all(doc_id, accepted.revision);
        return json::object{{"ok", true}, {"revision", accepted.revision}};
    });

    events.add("doc_cursor", [&service, &sink](realtime::EventContext& context) {
        const auto& body = payload_of(context);
        const auto doc_id = jf::required_int(body, "doc_id");
        const auto position = jf::required_int(body, "position");
        const auto selection_end = jf::optional_int(body, "selection_end").value_or(position);
        service.require_role(context.principal, doc_id);
        sink.to_room_except(
            room_of(doc_id),
            context.socket.id(),
            "doc_cursor",
            json::object{
                {"doc_id", doc_id},
                {"username", context.principal.username},
                {"position", position},
                {"selection_end", selection_end},
            }
        );
        return json::object{{"ok", true}};
    });
}

}  // namespace chatter::docs
