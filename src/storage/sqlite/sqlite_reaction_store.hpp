#pragma once

#include "storage/reaction_store.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace chatter::storage::sqlite {

class SqliteReactionStore final : public ReactionStore {
  public:
    explicit SqliteReactionStore(Database& db) : db_(db) {}

    bool add(const MessageKind& kind, int64_t message_id, int64_t user_id, const std::string& emoji) override;
    bool remove(const MessageKind& kind, int64_t message_id, int64_t user_id, const std::string& emoji) override;
    std::map<std::string, std::vector<std::string>> fetch(const MessageKind& kind, int64_t message_id) override;

  private:
    Database& db_;
};

class SqlitePinStore final : public PinStore {
  public:
    explicit SqlitePinStore(Database& db) : db_(db) {}

    bool pin(const MessageKind& kind, int64_t message_id, int64_t user_id) override;
    bool unpin(const MessageKind& kind, int64_t message_id) override;
    std::vector<PinRecord> list(const MessageKind& kind, int64_t conversation_id, int64_t other_user) override;

  private:
    Database& db_;
};

class SqliteSearchStore final : public SearchStore {
  public:
    explicit SqliteSearchStore(Database& db) : db_(db) {}

    std::vector<SearchHit> search(int64_t user_id, const std::string& query, int limit) override;

  private:
    Database& db_;
};

/// An FTS5 MATCH expression that ANDs every word of `query` as a quoted prefix term, so no user
/// input is ever parsed as FTS5 syntax; empty when the query has no words.
std::string fts_match_expression(const std::string& query);

}  // namespace chatter::storage::sqlite
