#pragma once

#include "storage/dm_store.hpp"
#include "storage/postgres/pg_database.hpp"

namespace chatter::storage::postgres {

class PgDmStore final : public DmStore {
  public:
    explicit PgDmStore(PgDatabase& db) : db_(db) {}

    MessageRecord insert(const NewMessage& message, bool log) override;
    std::optional<MessageRecord> fetch(int64_t id) override;
    std::vector<MessageRecord> fetch_conversation(int64_t user_a, int64_t user_b, const PageQuery& page) override;
    std::vector<std::string> peers(int64_t user_id) override;
    std::optional<MessageRecord> update_text(int64_t id, const std::string& text, int64_t edited_at) override;
    bool remove(int64_t id) override;
    std::vector<DmLogRecord> fetch_logs(int64_t user_id, const PageQuery& page) override;
    std::string allow_dms(int64_t user_id) override;
    void set_allow_dms(int64_t user_id, const std::string& value) override;

  private:
    PgDatabase& db_;
};

}  // namespace chatter::storage::postgres
