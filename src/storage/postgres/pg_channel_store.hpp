#pragma once

#include "storage/channel_store.hpp"
#include "storage/postgres/pg_database.hpp"

namespace chatter::storage::postgres {

class PgChannelStore final : public ChannelStore {
  public:
    explicit PgChannelStore(PgDatabase& db) : db_(db) {}

    std::vector<ChannelRecord> list() override;
    std::optional<ChannelRecord> fetch(int64_t id) override;
    std::optional<ChannelRecord> fetch_by_name(const std::string& name) override;
    ChannelRecord insert(const std::string& name, const std::string& topic, bool announcements_only) override;
    std::optional<ChannelRecord> update(int64_t id, const ChannelChange& change) override;
    bool remove(int64_t id) override;

    MessageRecord insert_message(const NewMessage& message) override;
    std::optional<MessageRecord> fetch_message(int64_t id) override;
    std::vector<MessageRecord> fetch_messages(int64_t channel_id, const PageQuery& page) override;
    std::optional<MessageRecord> update_message_text(int64_t id, const std::string& text, int64_t edited_at) override;
    bool remove_message(int64_t id) override;
    ChannelActivity activity(int64_t channel_id) override;

  private:
    PgDatabase& db_;
};

}  // namespace chatter::storage::postgres
