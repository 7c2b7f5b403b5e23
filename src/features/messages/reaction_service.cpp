#include "features/messages/reaction_service.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "core/time.hpp"
#include "features/messages/message_rules.hpp"

namespace chatter::messages {

namespace json = boost::json;

namespace {

void check_emoji(const std::string& emoji) {
    const bool bad_char = std::any_of(emoji.begin(), emoji.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u == 0x7f || c == '<' || c == '>' || c == '&' || c == '"' || c == '\'';
    });
    if (emoji.empty() || emoji.size() > 32 || bad_char) {
        throw Error(Errc::kBadRequest, "A reaction is one emoji (at most 32 bytes, no spaces).", "invalid_field");
    }
}

}  // namespace

json::object reactions_json(const ReactionMap& reactions) {
    json::object out;
    for (const auto& [emoji, users] : reactions) {
        json::array names;
        for (const auto& name : users) {
            names.push_back(json::value(name));
        }
        out[emoji] = std::move(names);
    }
    return out;
}

ReactionService::Audience ReactionService::audience(
    const Principal& principal, const std::string& kind, int64_t message_id
) {
    if (kind == "public") {
        if (!backend_.channels().fetch_message(message_id)) {
            throw_message_not_found();
        }
        return Audience{.everyone = true, .users = {}};
    }
    if (kind == "dm") {
        const auto dm = backend_.dms().fetch(message_id);
        if (!dm || (dm->user_id != principal.id && dm->to_user_id != principal.id)) {
            throw_message_not_found();
        }
        return Audience{.everyone = false, .users = {dm->username, dm->to_username}};
    }
    if (kind == "gdm") {
        const auto message = backend_.gdms().fetch_message(message_id);
        if (!message) {
            throw_message_not_found();
        }
        try {
            const auto thread = gdm_.visible_thread(principal, message->conversation_id);
            return Audience{.everyone = false, .users = thread.members, .group_owner_id = thread.owner_id};
        } catch (const Error&) {
            throw_message_not_found();
        }
    }
    throw Error(Errc::kBadRequest, "message_type must be public, dm or gdm.", "invalid_field");
}

ReactionMap ReactionService::react(
    const Principal& principal, const std::string& kind, int64_t message_id, const std::string& emoji, bool add
) {
    check_emoji(emoji);
    const auto who = audience(principal, kind, message_id);
    if (add) {
        backend_.reactions().add(kind, message_id, principal.id, emoji);
    } else {
        backend_.reactions().remove(kind, message_id, principal.id, emoji);
    }
    auto current = backend_.reactions().fetch(kind, message_id);
    const json::object event{
        {"message_type", kind},
        {"message_id", message_id},
        {"emoji", emoji},
        {"username", principal.username},
        {"action", add ? "add" : "remove"},
        {"reactions", reactions_json(current)},
    };
    if (who.everyone) {
        sink_.to_all("reaction_update", event);
    } else {
        for (const auto& user : who.users) {
            sink_.to_user(user, "reaction_update", event);
        }
    }
    return current;
}

ReactionMap ReactionService::list(const Principal& principal, const std::string& kind, int64_t message_id) {
    audience(principal, kind, message_id);
    return backend_.reactions().fetch(kind, message_id);
}

std::vector<storage::SearchHit> ReactionService::search(
    const Principal& principal, const std::string& query, int limit
) {
    const size_t chars = char_count(query);
    if (chars == 0 || chars > 200 || query.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw Error(Errc::kBadRequest, "A search needs 1 to 200 characters.", "invalid_field");
    }
    return backend_.search().search(principal.id, query, std::clamp(limit, 1, kMaxPageLimit));
}

}  // namespace chatter::messages

namespace chatter::messages {

void ReactionService::pin(const Principal& principal, const std::string& kind, int64_t message_id, bool pinned) {
    const auto who = audience(principal, kind, message_id);
    if (kind == "public") {
        settings::require_admin(principal);
        if (!settings_.snapshot().flag(settings::kPinMessage)) {
            throw Error(Errc::kForbidden, "Pinning is switched off (MC_PIN_MESSAGE).", "feature_disabled");
        }
    } else if (kind == "gdm" && who.group_owner_id != principal.id) {
        throw Error(Errc::kForbidden, "Only the group's owner can pin messages.", "forbidden");
    }
    if (pinned) {
        backend_.pins().pin(kind, message_id, principal.id);
    } else {
        backend_.pins().unpin(kind, message_id);
    }
    const json::object event{
        {"message_type", kind},
        {"message_id", message_id},
        {"action", pinned ? "pin" : "unpin"},
        {"username", principal.username}};
    if (who.everyone) {
        sink_.to_all("pin_update", event);
    } else {
        for (const auto& user : who.users) {
            sink_.to_user(user, "pin_update", event);
        }
    }
}

json::array ReactionService::pins(const Principal& principal, const std::string& kind, const std::string& ref) {
    json::array out;
    auto add = [&out](json::object message, const storage::PinRecord& pin) {
        message["pinned_by"] = pin.pinned_by;
        message["pinned_at"] = format_iso(pin.pinned_at);
        out.push_back(std::move(message));
    };
    if (kind == "public") {
        const auto id = json_fields::parse_int(ref);
        const auto channel = id ? backend_.channels().fetch(*id) : backend_.channels().fetch_by_name(ref);
        if (!channel) {
            throw Error(Errc::kNotFound, "That channel does not exist.", "channel_not_found");
        }
        for (const auto& pin : backend_.pins().list(kind, channel->id, 0)) {
            if (auto m = backend_.channels().fetch_message(pin.message_id)) {
                add(public_json(*m, channel->name), pin);
            }
        }
    } else if (kind == "dm") {
        const auto peer = ref.empty() ? std::nullopt : backend_.users().fetch_by_name(ref);
        if (!peer) {
            throw Error(Errc::kNotFound, "There is no user called " + ref + ".", "user_not_found");
        }
        for (const auto& pin : backend_.pins().list(kind, principal.id, peer->id)) {
            if (auto m = backend_.dms().fetch(pin.message_id)) {
                add(dm_json(*m), pin);
            }
        }
    } else if (kind == "gdm") {
        const auto tid = json_fields::parse_int(ref);
        if (!tid) {
            throw Error(Errc::kBadRequest, "A group is named by its thread id.", "invalid_field");
        }
        gdm_.visible_thread(principal, *tid);
        for (const auto& pin : backend_.pins().list(kind, *tid, 0)) {
            if (auto m = backend_.gdms().fetch_message(pin.message_id)) {
                add(gdm_json(*m), pin);
            }
        }
    } else {
        throw Error(Errc::kBadRequest, "type must be public, dm or gdm.", "invalid_field");
    }
    return out;
}

}  // namespace chatter::messages
