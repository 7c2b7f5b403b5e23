#pragma once
// Read markers: per user and conversation, the id of the last message the user has read, so unread
// counts follow the user across tabs and browsers instead of living in one browser session.

#include <cstdint>
#include <string>
#include <vector>

namespace chatter::storage {

/// One conversation of a user: `kind` is "channel" (id = channel id), "dm" (id = the peer's user
/// id) or "gdm" (id = thread id).
struct ConversationRef {
    std::string kind;
    int64_t id = 0;
};

/// Unread state of one conversation for one user.
struct UnreadRecord {
    ConversationRef conversation;
    std::string name;          // channel name or peer username; empty for groups
    int64_t unread = 0;        // messages by others after last_read_id, at most kUnreadCountCap
    int64_t last_read_id = 0;  // 0 when the user never marked it read
    int64_t latest_id = 0;     // newest message of the conversation
};

/// Counting stops here so that a conversation never read costs at most this many index steps.
inline constexpr int64_t kUnreadCountCap = 1000;

class ReadMarkerStore {
  public:
    virtual ~ReadMarkerStore() = default;

    /// Moves the marker of `user_id` in `conversation` to `message_id` unless it is already at or
    /// past it (markers never move backwards). Returns the marker after the call.
    virtual int64_t advance(int64_t user_id, const ConversationRef& conversation, int64_t message_id) = 0;

    /// The unread state of one conversation (name left empty).
    virtual UnreadRecord unread(int64_t user_id, const ConversationRef& conversation) = 0;

    /// Every conversation of `user_id` with at least one unread message: all channels, DM peers who
    /// wrote to them, groups they are a member of.
    virtual std::vector<UnreadRecord> unread_all(int64_t user_id) = 0;
};

}  // namespace chatter::storage
