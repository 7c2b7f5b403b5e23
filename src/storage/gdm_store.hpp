#pragma once
// Group DMs: threads, members, per-group bans, messages and invite codes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/message_record.hpp"

namespace chatter::storage {

struct ThreadRecord {
    int64_t id = 0;
    std::string name;
    int64_t owner_id = 0;
    std::string owner;  // username
    int64_t created_at = 0;
    bool locked = false;
    std::vector<std::string> members;  // usernames, ordered by name
};

struct InviteRecord {
    std::string code;
    int64_t thread_id = 0;
    int64_t created_by = 0;
    int64_t created_at = 0;
    int64_t expires_at = 0;
    std::optional<int64_t> used_by;
};

class GdmStore {
  public:
    virtual ~GdmStore() = default;

    /// Creates a thread owned by `owner_id` with the owner and `member_ids` as members.
    virtual ThreadRecord create(const std::string& name, int64_t owner_id, const std::vector<int64_t>& member_ids) = 0;
    virtual std::optional<ThreadRecord> fetch(int64_t thread_id) = 0;
    /// Threads `user_id` is a member of, most recently active first.
    virtual std::vector<ThreadRecord> threads_for(int64_t user_id) = 0;
    virtual bool is_member(int64_t thread_id, int64_t user_id) = 0;
    virtual bool is_banned(int64_t thread_id, int64_t user_id) = 0;

    virtual void rename(int64_t thread_id, const std::string& name) = 0;
    virtual void set_locked(int64_t thread_id, bool locked) = 0;
    /// Makes `user_id` (already a member) the owner.
    virtual void set_owner(int64_t thread_id, int64_t user_id) = 0;
    /// Adds the users who are not members yet and lifts their group bans; returns the ids added.
    virtual std::vector<int64_t> add_members(int64_t thread_id, const std::vector<int64_t>& user_ids) = 0;
    /// Removes a member (and bans them from rejoining when `ban`); false when not a member.
    virtual bool remove_member(int64_t thread_id, int64_t user_id, bool ban) = 0;
    /// Deletes the thread with its members, bans, messages and invites.
    virtual bool remove(int64_t thread_id) = 0;

    /// Stores a message (conversation_id = thread id) and bumps the thread's activity.
    virtual MessageRecord insert_message(const NewMessage& message) = 0;
    virtual std::optional<MessageRecord> fetch_message(int64_t id) = 0;
    /// Oldest first.
    virtual std::vector<MessageRecord> fetch_messages(int64_t thread_id, const PageQuery& page) = 0;
    virtual std::optional<MessageRecord> update_message_text(
        int64_t id, const std::string& text, int64_t edited_at
    ) = 0;
    virtual bool remove_message(int64_t id) = 0;

    /// Stores a new invite code (codes are unique; a collision throws Error kConflict).
    virtual InviteRecord create_invite(const InviteRecord& invite) = 0;
    virtual std::optional<InviteRecord> fetch_invite(const std::string& code) = 0;
    /// Atomically marks the code used by `user_id` and adds them as a member, only if the code is
    /// unused and expires after `now`. False when someone else claimed it first or it expired.
    virtual bool claim_invite(const std::string& code, int64_t user_id, int64_t now) = 0;
};

}  // namespace chatter::storage
