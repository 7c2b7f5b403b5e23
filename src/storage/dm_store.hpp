#pragma once
// Direct messages between two users, the DM log (GD_SAVE_DM_LOGS) and who accepts DMs.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/message_record.hpp"

namespace chatter::storage {

struct DmLogRecord {
    int64_t id = 0;
    int64_t dm_id = 0;
    std::string from_user;
    std::string to_user;
    std::string text;
    int64_t created_at = 0;
};

class DmStore {
  public:
    virtual ~DmStore() = default;

    /// Stores a DM (user_id → to_user_id); when `log` is true also appends it to the DM log in the
    /// same transaction. Returns it with reply fields (reply only within the same pair).
    virtual MessageRecord insert(const NewMessage& message, bool log) = 0;
    virtual std::optional<MessageRecord> fetch(int64_t id) = 0;
    /// The conversation between two users (either direction), oldest first.
    virtual std::vector<MessageRecord> fetch_conversation(int64_t user_a, int64_t user_b, const PageQuery& page) = 0;
    /// Usernames `user_id` has exchanged DMs with, most recent conversation first.
    virtual std::vector<std::string> peers(int64_t user_id) = 0;
    virtual std::optional<MessageRecord> update_text(int64_t id, const std::string& text, int64_t edited_at) = 0;
    virtual bool remove(int64_t id) = 0;

    /// Logged DMs sent or received by `user_id`, oldest first.
    virtual std::vector<DmLogRecord> fetch_logs(int64_t user_id, const PageQuery& page) = 0;

    /// "everyone" (the default) or "nobody".
    virtual std::string allow_dms(int64_t user_id) = 0;
    virtual void set_allow_dms(int64_t user_id, const std::string& value) = 0;
};

}  // namespace chatter::storage
