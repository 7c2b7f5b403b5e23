#include "features/channels/channel_service.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "core/time.hpp"
#include "features/messages/attachments.hpp"

namespace chatter::channels {

namespace json = boost::json;

namespace {

constexpr size_t kMaxNameChars = 32;
constexpr size_t kMaxTopicChars = 300;

std::string normalise_name(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
    });
    const bool valid =
        !name.empty() && name.size() <= kMaxNameChars && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        });
    // An all-digit name would be ambiguous with a channel id in `?channel=`.
    const bool digits = std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!valid || digits) {
        throw Error(
            Errc::kBadRequest,
            "Channel names are 1 to 32 characters: letters, digits, - and _, not only digits.",
            "invalid_channel_name"
        );
    }
    return name;
}

void check_topic(const std::string& topic) {
    if (messages::char_count(topic) > kMaxTopicChars) {
        throw Error(Errc::kBadRequest, "A topic is limited to 300 characters.", "invalid_topic");
    }
}

[[noreturn]] void channel_not_found() {
    throw Error(Errc::kNotFound, "That channel does not exist.", "channel_not_found");
}

}  // namespace

json::object channel_json(const storage::ChannelRecord& channel) {
    return json::object{
        {"id", channel.id},
        {"name", channel.name},
        {"topic", channel.topic},
        {"announcements_only", channel.announcements_only},
        {"created_at", format_iso(channel.created_at)},
    };
}

std::vector<storage::ChannelRecord> ChannelService::list() {
    return backend_.channels().list();
}

storage::ChannelRecord ChannelService::create(
    const Principal& principal, const std::string& name, const std::string& topic, bool announcements_only
) {
    settings::require_admin(principal);
    const std::string normalised = normalise_name(name);
    check_topic(topic);
    auto channel = backend_.channels().insert(normalised, topic, announcements_only);
    sink_.to_all("channel_created", json::object{{"channel", channel_json(channel)}});
    return channel;
}

storage::ChannelRecord ChannelService::update(const Principal& principal, int64_t id, storage::ChannelChange change) {
    settings::require_admin(principal);
    if (change.name) {
        change.name = normalise_name(*change.name);
    }
    if (change.topic) {
        check_topic(*change.topic);
    }
    auto channel = backend_.channels().update(id, change);
    if (!channel) {
        channel_not_found();
    }
    sink_.to_all("channel_updated", json::object{{"channel", channel_json(*channel)}});
    return *channel;
}

void ChannelService::remove(const Principal& principal, int64_t id) {
    settings::require_admin(principal);
    const auto channel = backend_.channels().fetch(id);
    if (!channel || !backend_.channels().remove(id)) {
        channel_not_found();
    }
    sink_.to_all("channel_deleted", json::object{{"id", id}, {"name", channel->name}});
}

storage::ChannelRecord ChannelService::resolve(const std::string& ref) {
    std::optional<storage::ChannelRecord> channel;
    if (const auto id = json_fields::parse_int(ref)) {
        channel = backend_.channels().fetch(*id);
    } else {
        std::string lowered = ref;
        std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) {
            return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
        });
        channel = backend_.channels().fetch_by_name(lowered);
    }
    if (!channel) {
        channel_not_found();
    }
    return *channel;
}

ChannelHistory ChannelService::history(const std::string& ref, const storage::PageQuery& page) {
    auto channel = resolve(ref);
    auto rows = backend_.channels().fetch_messages(channel.id, page);
    return ChannelHistory{std::move(channel), std::move(rows)};
}

json::object ChannelService::send(
    const Principal& sender, const std::string& ref, const messages::SendRequest& request
) {
    messages::validate_content(request);
    const auto channel = resolve(ref);
    const auto attachment = messages::owned_attachment(backend_.files(), sender, request.attachment);
    const auto settings = settings_.snapshot();
    if ((channel.announcements_only || settings.flag(settings::kAnnouncementsOnly)) && !sender.is_admin()) {
        throw Error(Errc::kForbidden, "Only administrators can post here.", "announcements_only");
    }
    if (request.reply_to) {
        const auto original = backend_.channels().fetch_message(*request.reply_to);
        if (!original || original->conversation_id != channel.id) {
            throw Error(Errc::kBadRequest, "The message you reply to is not in this channel.", "reply_not_found");
        }
    }
    messages::gate_send(
        backend_,
        settings,
        limiter_,
        sender,
        settings::kPublicEnabled,
        "public_disabled",
        "Public channels are switched off."
    );
    auto message = backend_.channels().insert_message(storage::NewMessage{
        .conversation_id = channel.id,
        .user_id = sender.id,
        .text = request.text,
        .attachment = attachment,
        .reply_to = request.reply_to,
    });
    auto payload = messages::public_json(message, channel.name);
    sink_.to_all("new_message", payload);
    return payload;
}

json::object ChannelService::edit(const Principal& principal, int64_t id, const std::string& text) {
    messages::validate_edit_text(text);
    const auto existing = backend_.channels().fetch_message(id);
    if (!existing) {
        messages::throw_message_not_found();
    }
    if (existing->user_id != principal.id &&
        !(principal.is_admin() && settings_.snapshot().flag(settings::kEditMessages))) {
        throw Error(Errc::kForbidden, "You can only edit your own messages.", "forbidden");
    }
    const int64_t now = unix_now();
    auto updated = backend_.channels().update_message_text(id, text, now);
    if (!updated) {
        messages::throw_message_not_found();
    }
    const auto channel = backend_.channels().fetch(updated->conversation_id);
    sink_.to_all(
        "message_edited",
        json::object{
            {"id", id},
            {"channel", channel ? channel->name : ""},
            {"channel_id", updated->conversation_id},
            {"text", updated->text},
            {"edited", 1},
            {"edited_at", format_iso(now)},
            {"edited_by", principal.username}}
    );
    return messages::public_json(*updated, channel ? channel->name : "");
}

void ChannelService::remove_message(const Principal& principal, int64_t id) {
    const auto existing = backend_.channels().fetch_message(id);
    if (!existing) {
        messages::throw_message_not_found();
    }
    if (existing->user_id != principal.id &&
        !(principal.is_admin() && settings_.snapshot().flag(settings::kDeleteMessages))) {
        throw Error(Errc::kForbidden, "You can only delete your own messages.", "forbidden");
    }
    if (!backend_.channels().remove_message(id)) {
        messages::throw_message_not_found();
    }
    const auto channel = backend_.channels().fetch(existing->conversation_id);
    sink_.to_all(
        "message_deleted",
        json::object{
            {"id", id},
            {"channel", channel ? channel->name : ""},
            {"channel_id", existing->conversation_id},
            {"deleted_by", principal.username}}
    );
}

}  // namespace chatter::channels
