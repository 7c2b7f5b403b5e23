#pragma once
// A chat message as stored, shared by public channels, DMs and group DMs.

#include <cstdint>
#include <optional>
#include <string>

namespace chatter::storage {

struct MessageRecord {
    int64_t id = 0;
    int64_t conversation_id = 0;  // channel id or group thread id; 0 for DMs
    int64_t user_id = 0;          // author
    std::string username;
    int64_t to_user_id = 0;   // DMs only
    std::string to_username;  // DMs only
    std::string text;
    std::optional<std::string> attachment;
    std::optional<int64_t> reply_to;
    /// Author and text of the replied-to message when it still exists in the same conversation.
    std::optional<std::string> reply_username;
    std::optional<std::string> reply_text;
    std::optional<int64_t> edited_at;
    int64_t created_at = 0;
};

struct NewMessage {
    int64_t conversation_id = 0;  // channel or thread; ignored for DMs
    int64_t user_id = 0;
    int64_t to_user_id = 0;  // DMs only
    std::string text;
    std::optional<std::string> attachment;
    std::optional<int64_t> reply_to;
};

/// A page of history: messages with id < before (all when nullopt), the newest `limit` of them.
struct PageQuery {
    std::optional<int64_t> before;
    int limit = 50;
};

}  // namespace chatter::storage
