#include "features/messages/message_rules.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <algorithm>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "core/time.hpp"
#include "features/messages/attachments.hpp"

namespace chatter::messages {

namespace json = boost::json;

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

void check_text(const std::string& text, bool may_be_empty) {
    const size_t chars = char_count(trim(text));
    if (chars == 0 && !may_be_empty) {
        throw Error(Errc::kBadRequest, "A message needs some text.", "invalid_text");
    }
    if (chars > kMaxTextChars) {
        throw Error(
            Errc::kBadRequest,
            fmt::format("Messages are limited to {} characters (this one has {}).", kMaxTextChars, chars),
            "invalid_text"
        );
    }
}

json::value optional_value(const std::optional<std::string>& value) {
    return value ? json::value(*value) : json::value(nullptr);
}

/// The fields every kind shares.
void add_common(json::object& out, const storage::MessageRecord& m) {
    out["text"] = m.text;
    out["attachment"] = optional_value(m.attachment);
    out["created_at"] = format_iso(m.created_at);
    out["reply_to"] = m.reply_to ? json::value(*m.reply_to) : json::value(nullptr);
    out["reply_username"] = optional_value(m.reply_username);
    out["reply_snippet"] = m.reply_text ? json::value(snippet(*m.reply_text)) : json::value(nullptr);
    out["edited"] = m.edited_at ? 1 : 0;
}

}  // namespace

size_t char_count(std::string_view text) {
    return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

void validate_content(const SendRequest& request) {
    if (request.attachment && (request.attachment->empty() || char_count(*request.attachment) > kMaxAttachmentChars)) {
        throw_invalid_attachment();
    }
    check_text(request.text, request.attachment.has_value());
}

void validate_edit_text(const std::string& text) {
    check_text(text, false);
}

std::string snippet(std::string_view text) {
    std::string out;
    size_t chars = 0;
    bool pending_space = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        const bool starts_char = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        if (starts_char) {
            if (chars + (pending_space ? 1 : 0) >= kSnippetChars) {
                break;
            }
            if (pending_space) {
                out.push_back(' ');
                ++chars;
                pending_space = false;
            }
            ++chars;
        }
        out.push_back(c);
    }
    return out;
}

storage::PageQuery page_from(const std::optional<std::string>& before, const std::optional<std::string>& limit) {
    storage::PageQuery page;
    page.limit = kDefaultPageLimit;
    if (before && !before->empty()) {
        page.before = json_fields::parse_int(*before);
        if (!page.before || *page.before <= 0) {
            throw Error(Errc::kBadRequest, "Parameter 'before' must be a message id.", "invalid_field");
        }
    }
    if (limit && !limit->empty()) {
        const auto parsed = json_fields::parse_int(*limit);
        if (!parsed || *parsed < 1) {
            throw Error(Errc::kBadRequest, "Parameter 'limit' must be a positive integer.", "invalid_field");
        }
        page.limit = static_cast<int>(std::min<int64_t>(*parsed, kMaxPageLimit));
    }
    return page;
}

void gate_send(
    storage::Backend& backend,
    const settings::SettingsSnapshot& settings,
    RateLimiter& limiter,
    const Principal& sender,
    std::string_view toggle_key,
    std::string_view disabled_code,
    std::string_view disabled_sentence
) {
    if (settings.flag(settings::kMaintenanceMode) && !sender.is_admin()) {
        throw Error(
            Errc::kUnavailable,
            "Chatter is in maintenance mode: only administrators can send messages for now.",
            "maintenance"
        );
    }
    if (!settings.flag(toggle_key)) {
        throw Error(Errc::kUnavailable, std::string(disabled_sentence), std::string(disabled_code));
    }
    const auto account = backend.users().fetch_by_id(sender.id);
    if (!account || account->banned) {
        throw Error(Errc::kForbidden, "Your account is banned: you cannot send messages.", "banned");
    }
    const int64_t now = unix_now();
    if (const auto timeout = backend.moderation().active_timeout(sender.id, now)) {
        const int64_t left = timeout->until - now;
        throw Error(
            Errc::kForbidden,
            fmt::format(
                "You are timed out for {} more second{}{}.",
                left,
                left == 1 ? "" : "s",
                timeout->reason.empty() ? std::string{} : std::string(": ").append(timeout->reason)
            ),
            "timed_out"
        )
            .with_retry_after(static_cast<int>(std::min<int64_t>(left, 1'000'000'000)));
    }
    const int64_t max = settings.integer(settings::kSendRateMax);
    if (max > 0) {
        const int window = static_cast<int>(settings.integer(settings::kSendRateWindow));
        if (const int wait = limiter.acquire("send:" + sender.username, static_cast<int>(max), window); wait > 0) {
            throw Error(
                Errc::kRateLimited,
                fmt::format("You are sending messages too fast. Try again in {} s.", wait),
                "rate_limited"
            )
                .with_retry_after(wait);
        }
    }
}

json::object public_json(const storage::MessageRecord& message, const std::string& channel_name) {
    json::object out{
        {"id", message.id},
        {"channel", channel_name},
        {"channel_id", message.conversation_id},
        {"username", message.username}};
    add_common(out, message);
    return out;
}

json::object dm_json(const storage::MessageRecord& message) {
    json::object out{{"id", message.id}, {"from_user", message.username}, {"to_user", message.to_username}};
    add_common(out, message);
    return out;
}

json::object gdm_json(const storage::MessageRecord& message) {
    json::object out{{"id", message.id}, {"thread_id", message.conversation_id}, {"username", message.username}};
    add_common(out, message);
    return out;
}

void throw_message_not_found() {
    throw Error(Errc::kNotFound, "That message does not exist.", "message_not_found");
}

}  // namespace chatter::messages

namespace chatter::messages {

SendRequest send_request_from(const boost::json::object& body) {
    return SendRequest{
        .text = json_fields::optional_string(body, "text").value_or(""),
        .attachment = json_fields::optional_string(body, "attachment"),
        .reply_to = json_fields::optional_int(body, "reply_to"),
    };
}

std::string reference_from(const boost::json::object& body, std::string_view key) {
    const boost::json::value* value = body.if_contains(key);
    if (value != nullptr && (value->is_int64() || value->is_uint64())) {
        return std::to_string(json_fields::required_int(body, key));
    }
    return json_fields::required_string(body, key);
}

}  // namespace chatter::messages
