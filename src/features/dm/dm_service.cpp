#include "features/dm/dm_service.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/time.hpp"
#include "features/messages/attachments.hpp"

namespace chatter::dm {

namespace json = boost::json;

namespace {

storage::UserRecord existing_user(storage::Backend& backend, const std::string& name) {
    auto user = name.empty() ? std::nullopt : backend.users().fetch_by_name(name);
    if (!user) {
        throw Error(Errc::kNotFound, "There is no user called " + name + ".", "user_not_found");
    }
    return *user;
}

void check_enabled(const settings::SettingsSnapshot& settings) {
    if (!settings.flag(settings::kDmEnabled)) {
        throw Error(Errc::kUnavailable, "Direct messages are switched off.", "dm_disabled");
    }
}

}  // namespace

storage::UserRecord DmService::recipient(const Principal& sender, const std::string& to) {
    auto user = existing_user(backend_, to);
    if (user.id == sender.id) {
        throw Error(Errc::kBadRequest, "You cannot send a direct message to yourself.", "dm_self");
    }
    if (backend_.dms().allow_dms(user.id) != kAllowEveryone) {
        throw Error(Errc::kForbidden, user.username + " does not accept direct messages.", "dms_not_accepted");
    }
    return user;
}

storage::MessageRecord DmService::own_message(const Principal& principal, int64_t id) {
    auto message = backend_.dms().fetch(id);
    // Someone else's conversation looks the same as a missing message.
    if (!message || (message->user_id != principal.id && message->to_user_id != principal.id)) {
        messages::throw_message_not_found();
    }
    if (message->user_id != principal.id) {
        throw Error(Errc::kForbidden, "You can only change your own messages.", "forbidden");
    }
    return *message;
}

std::vector<std::string> DmService::peers(const Principal& principal) {
    return backend_.dms().peers(principal.id);
}

std::vector<storage::MessageRecord> DmService::history(
    const Principal& principal, const std::string& peer, const storage::PageQuery& page
) {
    const auto other = existing_user(backend_, peer);
    return backend_.dms().fetch_conversation(principal.id, other.id, page);
}

json::object DmService::send(const Principal& sender, const std::string& to, const messages::SendRequest& request) {
    messages::validate_content(request);
    const auto settings = settings_.snapshot();
    check_enabled(settings);
    const auto target = recipient(sender, to);
    const auto attachment = messages::owned_attachment(backend_.files(), sender, request.attachment);
    if (request.reply_to) {
        const auto original = backend_.dms().fetch(*request.reply_to);
        const bool same_pair = original && ((original->user_id == sender.id && original->to_user_id == target.id) ||
                                            (original->user_id == target.id && original->to_user_id == sender.id));
        if (!same_pair) {
            throw Error(Errc::kBadRequest, "The message you reply to is not in this conversation.", "reply_not_found");
        }
    }
    messages::gate_send(
        backend_, settings, limiter_, sender, settings::kDmEnabled, "dm_disabled", "Direct messages are switched off."
    );
    const auto message = backend_.dms().insert(
        storage::NewMessage{
            .user_id = sender.id,
            .to_user_id = target.id,
            .text = request.text,
            .attachment = attachment,
            .reply_to = request.reply_to,
        },
        settings.flag(settings::kSaveDmLogs)
    );
    auto payload = messages::dm_json(message);
    sink_.to_user(message.to_username, "dm_new", payload);
    sink_.to_user(message.username, "dm_new", payload);
    return payload;
}

json::object DmService::edit(const Principal& principal, int64_t id, const std::string& text) {
    messages::validate_edit_text(text);
    own_message(principal, id);
    const int64_t now = unix_now();
    const auto updated = backend_.dms().update_text(id, text, now);
    if (!updated) {
        messages::throw_message_not_found();
    }
    const json::object event{
        {"id", id},
        {"from_user", updated->username},
        {"to_user", updated->to_username},
        {"text", updated->text},
        {"edited", 1},
        {"edited_at", format_iso(now)}};
    sink_.to_user(updated->to_username, "dm_edit", event);
    sink_.to_user(updated->username, "dm_edit", event);
    return messages::dm_json(*updated);
}

void DmService::remove(const Principal& principal, int64_t id) {
    const auto message = own_message(principal, id);
    if (!backend_.dms().remove(id)) {
        messages::throw_message_not_found();
    }
    const json::object event{{"id", id}, {"from_user", message.username}, {"to_user", message.to_username}};
    sink_.to_user(message.to_username, "dm_delete", event);
    sink_.to_user(message.username, "dm_delete", event);
}

void DmService::typing(const Principal& principal, const std::string& to, bool typing) {
    check_enabled(settings_.snapshot());
    const auto target = recipient(principal, to);
    sink_.to_user(
        target.username,
        "dm_typing",
        json::object{{"from", principal.username}, {"to", target.username}, {"typing", typing}}
    );
}

std::string DmService::allow_dms(const Principal& principal) {
    return backend_.dms().allow_dms(principal.id);
}

void DmService::set_allow_dms(const Principal& principal, const std::string& value) {
    if (value != kAllowEveryone && value != kAllowNobody) {
        throw Error(Errc::kBadRequest, "allow_dms must be \"everyone\" or \"nobody\".", "invalid_field");
    }
    backend_.dms().set_allow_dms(principal.id, value);
}

std::vector<storage::DmLogRecord> DmService::logs(
    const Principal& principal, const std::string& peer, const storage::PageQuery& page
) {
    settings::require_admin(principal);
    if (!settings_.snapshot().flag(settings::kSaveDmLogs)) {
        throw Error(Errc::kForbidden, "DM logging is switched off (GD_SAVE_DM_LOGS = 0).", "dm_logs_disabled");
    }
    const auto user = existing_user(backend_, peer);
    auto records = backend_.dms().fetch_logs(user.id, page);
    backend_.audit().insert(
        principal.username, "dm_logs.read", user.username, json::serialize(json::object{{"count", records.size()}})
    );
    return records;
}

}  // namespace chatter::dm
