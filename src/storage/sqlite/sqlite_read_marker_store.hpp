#pragma once

#include "storage/read_marker_store.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace chatter::storage::sqlite {

class SqliteReadMarkerStore final : public ReadMarkerStore {
  public:
    explicit SqliteReadMarkerStore(Database& db) : db_(db) {}

    int64_t advance(int64_t user_id, const ConversationRef& conversation, int64_t message_id) override;
    UnreadRecord unread(int64_t user_id, const ConversationRef& conversation) override;
    std::vector<UnreadRecord> unread_all(int64_t user_id) override;

  private:
    Database& db_;
};

}  // namespace chatter::storage::sqlite
