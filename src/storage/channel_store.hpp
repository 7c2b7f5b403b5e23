#pragma once
// Public text channels and their messages.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/message_record.hpp"

namespace chatter::storage {

struct ChannelRecord {
    int64_t id = 0;
    std::string name;
    std::string topic;
    bool announcements_only = false;
    int64_t created_at = 0;
};

/// How much a channel has been used: what `/channel info` reports.
struct ChannelActivity {
    int64_t message_count = 0;
    std::optional<int64_t> last_message_at;  // unix seconds; none in an empty channel
};

struct ChannelChange {
    std::optional<std::string> name;
    std::optional<std::string> topic;
    std::optional<bool> announcements_only;
};

class ChannelStore {
  public:
    virtual ~ChannelStore() = default;

    /// Every channel ordered by name.
    virtual std::vector<ChannelRecord> list() = 0;
    virtual std::optional<ChannelRecord> fetch(int64_t id) = 0;
    virtual std::optional<ChannelRecord> fetch_by_name(const std::string& name) = 0;

    /// Throws Error(kConflict, "channel_exists") when the name is taken.
    virtual ChannelRecord insert(const std::string& name, const std::string& topic, bool announcements_only) = 0;

    /// Applies the set fields; nullopt when the channel does not exist. Error(kConflict,
    /// "channel_exists") on a taken name.
    virtual std::optional<ChannelRecord> update(int64_t id, const ChannelChange& change) = 0;

    /// Deletes the channel and its messages. Refuses (Error kConflict "last_channel") to delete the
    /// last channel, checked in the same transaction. False when it does not exist.
    virtual bool remove(int64_t id) = 0;

    /// Stores a message (conversation_id = channel id) and returns it with its reply fields.
    virtual MessageRecord insert_message(const NewMessage& message) = 0;
    virtual std::optional<MessageRecord> fetch_message(int64_t id) = 0;
    /// Oldest first.
    virtual std::vector<MessageRecord> fetch_messages(int64_t channel_id, const PageQuery& page) = 0;
    /// Replaces the text and sets edited_at; nullopt when the message does not exist.
    virtual std::optional<MessageRecord> update_message_text(
        int64_t id, const std::string& text, int64_t edited_at
    ) = 0;
    virtual bool remove_message(int64_t id) = 0;
    /// Zero messages and no time for an unknown channel.
    virtual ChannelActivity activity(int64_t channel_id) = 0;
};

}  // namespace chatter::storage
