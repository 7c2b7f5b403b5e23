// GdmService: the group messages (send, edit, delete, typing).

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/time.hpp"
#include "features/gdm/gdm_service.hpp"
#include "features/messages/attachments.hpp"

namespace chatter::gdm {

namespace json = boost::json;

namespace {

void check_unlocked(const storage::ThreadRecord& thread) {
    if (thread.locked) {
        throw Error(Errc::kForbidden, "This group is locked by an administrator.", "group_locked");
    }
}

}  // namespace

json::object GdmService::send(const Principal& sender, int64_t tid, const messages::SendRequest& request) {
    messages::validate_content(request);
    const auto settings = settings_.snapshot();
    require_gdm_enabled(settings);
    const auto thread = visible_thread(sender, tid);
    check_unlocked(thread);
    const auto attachment = messages::owned_attachment(backend_.files(), sender, request.attachment);
    if (request.reply_to) {
        const auto original = backend_.gdms().fetch_message(*request.reply_to);
        if (!original || original->conversation_id != tid) {
            throw Error(Errc::kBadRequest, "The message you reply to is not in this group.", "reply_not_found");
        }
    }
    messages::gate_send(
        backend_, settings, limiter_, sender, settings::kGdmEnabled, "gdm_disabled", "Group messages are switched off."
    );
    const auto message = backend_.gdms().insert_message(storage::NewMessage{
        .conversation_id = tid,
        .user_id = sender.id,
        .text = request.text,
        .attachment = attachment,
        .reply_to = request.reply_to,
    });
    auto payload = messages::gdm_json(message);
    for (const auto& member : thread.members) {
        sink_.to_user(member, "gdm_new", payload);
    }
    return payload;
}

storage::MessageRecord GdmService::member_message(
    const Principal& principal, int64_t id, storage::ThreadRecord& thread
) {
    const auto message = backend_.gdms().fetch_message(id);
    if (!message) {
        messages::throw_message_not_found();
    }
    try {
        thread = visible_thread(principal, message->conversation_id);
    } catch (const Error&) {
        // A message of a group the caller is not in looks like a missing one.
        messages::throw_message_not_found();
    }
    return *message;
}

json::object GdmService::edit(const Principal& principal, int64_t id, const std::string& text) {
    messages::validate_edit_text(text);
    storage::ThreadRecord thread;
    const auto message = member_message(principal, id, thread);
    if (message.user_id != principal.id) {
        throw Error(Errc::kForbidden, "You can only edit your own messages.", "forbidden");
    }
    check_unlocked(thread);
    const int64_t now = unix_now();
    const auto updated = backend_.gdms().update_message_text(id, text, now);
    if (!updated) {
        messages::throw_message_not_found();
    }
    const json::object event{
        {"id", id}, {"thread_id", thread.id}, {"text", updated->text}, {"edited", 1}, {"edited_at", format_iso(now)}};
    for (const auto& member : thread.members) {
        sink_.to_user(member, "gdm_edit", event);
    }
    return messages::gdm_json(*updated);
}

void GdmService::remove_message(const Principal& principal, int64_t id) {
    storage::ThreadRecord thread;
    const auto message = member_message(principal, id, thread);
    if (message.user_id != principal.id && thread.owner_id != principal.id) {
        throw Error(Errc::kForbidden, "Only the author or the group's owner can delete this message.", "forbidden");
    }
    if (!backend_.gdms().remove_message(id)) {
        messages::throw_message_not_found();
    }
    const json::object event{{"id", id}, {"thread_id", thread.id}};
    for (const auto& member : thread.members) {
        sink_.to_user(member, "gdm_delete", event);
    }
}

void GdmService::typing(const Principal& principal, int64_t tid, bool typing) {
    const auto thread = visible_thread(principal, tid);
    const json::object event{
        {"from", principal.username}, {"thread_id", tid}, {"group_name", thread.name}, {"typing", typing}};
    for (const auto& member : thread.members) {
        if (member != principal.username) {
            sink_.to_user(member, "gdm_typing", event);
        }
    }
}

}  // namespace chatter::gdm
