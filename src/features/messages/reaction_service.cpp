#include "features/messages/reaction_service.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "core/error.hpp"
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
            return Audience{
                .everyone = false, .users = gdm_.visible_thread(principal, message->conversation_id).members};
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
