#pragma once

#include "storage/postgres/pg_database.hpp"
#include "storage/read_marker_store.hpp"

namespace chatter::storage::postgres {

class PgReadMarkerStore final : public ReadMarkerStore {
  public:
    explicit PgReadMarkerStore(PgDatabase& db) : db_(db) {}

    int64_t advance(int64_t user_id, const ConversationRef& conversation, int64_t message_id) override;
    UnreadRecord unread(int64_t user_id, const ConversationRef& conversation) override;
    std::vector<UnreadRecord> unread_all(int64_t user_id) override;

  private:
    PgDatabase& db_;
};

}  // namespace chatter::storage::postgres
