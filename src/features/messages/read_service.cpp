#include "features/messages/read_service.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "features/messages/message_rules.hpp"

namespace chatter::messages {

namespace json = boost::json;

json::object unread_json(const storage::UnreadRecord& record) {
    json::object out{{"kind", record.conversation.kind}};
    if (record.conversation.kind == "channel") {
        out["id"] = record.conversation.id;
        out["name"] = record.name;
    } else if (record.conversation.kind == "dm") {
        out["peer"] = record.name;
    } else {
        out["thread_id"] = record.conversation.id;
    }
    out["last_read_id"] = record.last_read_id;
    out["unread"] = record.unread;
    out["latest_id"] = record.latest_id;
    return out;
}

ReadService::Resolved ReadService::resolve(const Principal& principal, const ReadTarget& target) {
    if (target.kind == "channel") {
        const auto channel =
            target.id > 0 ? backend_.channels().fetch(target.id) : backend_.channels().fetch_by_name(target.name);
        if (!channel) {
            throw Error(Errc::kNotFound, "That channel does not exist.", "channel_not_found");
        }
        return Resolved{.ref = {.kind = "channel", .id = channel->id}, .name = channel->name};
    }
    if (target.kind == "dm") {
        const auto peer = target.name.empty() ? std::nullopt : backend_.users().fetch_by_name(target.name);
        if (!peer) {
            throw Error(
                Errc::kNotFound,
                std::string{"There is no user called "}.append(target.name).append("."),
                "user_not_found"
            );
        }
        if (peer->id == principal.id) {
            throw Error(Errc::kBadRequest, "There are no direct messages with yourself.", "dm_self");
        }
        return Resolved{.ref = {.kind = "dm", .id = peer->id}, .name = peer->username};
    }
    if (target.kind == "gdm") {
        if (target.id <= 0 || !backend_.gdms().is_member(target.id, principal.id)) {
            throw Error(Errc::kNotFound, "That group does not exist.", "thread_not_found");
        }
        return Resolved{.ref = {.kind = "gdm", .id = target.id}, .name = {}};
    }
    throw Error(Errc::kBadRequest, "kind must be channel, dm or gdm.", "invalid_field");
}

bool ReadService::in_conversation(const Principal& principal, const Resolved& conversation, int64_t message_id) {
    if (conversation.ref.kind == "channel") {
        const auto m = backend_.channels().fetch_message(message_id);
        return m && m->conversation_id == conversation.ref.id;
    }
    if (conversation.ref.kind == "dm") {
        const auto m = backend_.dms().fetch(message_id);
        return m && ((m->user_id == principal.id && m->to_user_id == conversation.ref.id) ||
                     (m->user_id == conversation.ref.id && m->to_user_id == principal.id));
    }
    const auto m = backend_.gdms().fetch_message(message_id);
    return m && m->conversation_id == conversation.ref.id;
}

json::object ReadService::mark_read(const Principal& principal, const ReadTarget& target, int64_t message_id) {
    if (message_id <= 0) {
        throw Error(Errc::kBadRequest, "message_id must be a positive message id.", "invalid_field");
    }
    const auto conversation = resolve(principal, target);
    if (!in_conversation(principal, conversation, message_id)) {
        throw_message_not_found();
    }
    backend_.read_markers().advance(principal.id, conversation.ref, message_id);
    auto state = backend_.read_markers().unread(principal.id, conversation.ref);
    state.name = conversation.name;
    auto out = unread_json(state);
    sink_.to_user(principal.username, "read_marker", out);
    return out;
}

json::array ReadService::unread(const Principal& principal) {
    json::array out;
    for (const auto& record : backend_.read_markers().unread_all(principal.id)) {
        out.push_back(unread_json(record));
    }
    return out;
}

}  // namespace chatter::messages
