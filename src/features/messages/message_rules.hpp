#pragma once
// Rules every message kind (public, DM, group) shares: text and attachment validation, the reply
// snippet, history paging, the send gate (maintenance, feature toggle, per-user rate) and the JSON
// shapes of messages as the API document names their fields.

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "core/principal.hpp"
#include "core/rate_limiter.hpp"
#include "features/settings/settings_service.hpp"
#include "storage/message_record.hpp"
#include "storage/stores.hpp"

namespace chatter::messages {

inline constexpr size_t kMaxTextChars = 4000;
inline constexpr size_t kSnippetChars = 140;
inline constexpr size_t kMaxAttachmentChars = 1024;
inline constexpr int kDefaultPageLimit = 50;
inline constexpr int kMaxPageLimit = 100;

/// What a client asks to send (any kind); `target` is the channel, peer or thread as given.
struct SendRequest {
    std::string text;
    std::optional<std::string> attachment;
    std::optional<int64_t> reply_to;
};

/// Number of Unicode code points in valid UTF-8 text.
size_t char_count(std::string_view text);

/// Validates text and attachment together (400 invalid_text / invalid_attachment): the text,
/// trimmed, is 1–4000 characters, or empty when there is an attachment. The text is kept as sent.
void validate_content(const SendRequest& request);

/// Validates an edit's text (400 invalid_text).
void validate_edit_text(const std::string& text);

/// Plain-text preview of a replied-to message: whitespace runs collapsed, at most 140 characters.
std::string snippet(std::string_view text);

/// Paging from query parameters: `before` an id, `limit` 1–100 (default 50, larger clamped).
/// Error(kBadRequest, "invalid_field") for non-numbers.
storage::PageQuery page_from(const std::optional<std::string>& before, const std::optional<std::string>& limit);

/// Refuses a new message when MAINTENANCE_MODE is on and the sender is not an admin (503
/// maintenance), when the kind's toggle is off (503 `disabled_code`), when the sender's account is
/// banned (403 banned), when an admin has timed the sender out (403 timed_out with the seconds
/// left, also as retry_after), or when the user is over SEND_RATE_MAX per SEND_RATE_WINDOW (429
/// rate_limited with retry_after). Counts the send when it passes.
void gate_send(
    storage::Backend& backend,
    const settings::SettingsSnapshot& settings,
    RateLimiter& limiter,
    const Principal& sender,
    std::string_view toggle_key,
    std::string_view disabled_code,
    std::string_view disabled_sentence
);

/// `{id, channel, channel_id, username, text, attachment, created_at, reply_to, reply_username,
/// reply_snippet, edited}`.
boost::json::object public_json(const storage::MessageRecord& message, const std::string& channel_name);

/// `{id, from_user, to_user, text, attachment, created_at, reply_to, reply_username, reply_snippet, edited}`.
boost::json::object dm_json(const storage::MessageRecord& message);

/// `{id, thread_id, username, text, attachment, created_at, edited, reply_to, reply_username, reply_snippet}`.
boost::json::object gdm_json(const storage::MessageRecord& message);

/// Error(kNotFound, "message_not_found").
[[noreturn]] void throw_message_not_found();

}  // namespace chatter::messages

namespace chatter::messages {

/// `{text, attachment?, reply_to?}` from an event payload or body (400 for wrong types).
SendRequest send_request_from(const boost::json::object& body);

/// A conversation reference that may be sent as a string or an integer (`channel`), as text.
std::string reference_from(const boost::json::object& body, std::string_view key);

}  // namespace chatter::messages
