#pragma once
// Emoji reactions and pins on messages of every kind, and full-text search over messages (FTS5).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace chatter::storage {

/// "public", "dm" or "gdm".
using MessageKind = std::string;

class ReactionStore {
  public:
    virtual ~ReactionStore() = default;

    /// False when the user had already reacted with this emoji.
    virtual bool add(const MessageKind& kind, int64_t message_id, int64_t user_id, const std::string& emoji) = 0;
    /// False when there was no such reaction.
    virtual bool remove(const MessageKind& kind, int64_t message_id, int64_t user_id, const std::string& emoji) = 0;
    /// emoji → usernames (ordered by when they reacted).
    virtual std::map<std::string, std::vector<std::string>> fetch(const MessageKind& kind, int64_t message_id) = 0;
};

struct PinRecord {
    int64_t message_id = 0;
    std::string pinned_by;
    int64_t pinned_at = 0;
};

class PinStore {
  public:
    virtual ~PinStore() = default;

    /// False when the message was pinned already.
    virtual bool pin(const MessageKind& kind, int64_t message_id, int64_t user_id) = 0;
    /// False when it was not pinned.
    virtual bool unpin(const MessageKind& kind, int64_t message_id) = 0;
    /// Pins of one conversation, oldest pin first: a channel (`public`), a group (`gdm`, by thread
    /// id) or the DM pair of `conversation_id` and `other_user` (`dm`, both user ids).
    virtual std::vector<PinRecord> list(const MessageKind& kind, int64_t conversation_id, int64_t other_user) = 0;
};

struct SearchHit {
    MessageKind kind;
    int64_t id = 0;
    int64_t conversation_id = 0;  // channel or thread id; 0 for DMs
    std::string username;         // author
    std::string to_username;      // DMs only
    std::string text;
    int64_t created_at = 0;
};

class SearchStore {
  public:
    virtual ~SearchStore() = default;

    /// Messages matching every word of `query` that `user_id` can see (all public messages, DMs they
    /// sent or received, messages of groups they are a member of), newest first, at most `limit`.
    /// Words are matched as FTS5 prefix terms; the query syntax is never interpreted.
    virtual std::vector<SearchHit> search(int64_t user_id, const std::string& query, int limit) = 0;
};

}  // namespace chatter::storage
