#pragma once

#include "storage/postgres/pg_database.hpp"
#include "storage/reaction_store.hpp"

namespace chatter::storage::postgres {

class PgReactionStore final : public ReactionStore {
  public:
    explicit PgReactionStore(PgDatabase& db) : db_(db) {}

    bool add(const MessageKind& kind, int64_t message_id, int64_t user_id, const std::string& emoji) override;
    bool remove(const MessageKind& kind, int64_t message_id, int64_t user_id, const std::string& emoji) override;
    std::map<std::string, std::vector<std::string>> fetch(const MessageKind& kind, int64_t message_id) override;

  private:
    PgDatabase& db_;
};

class PgPinStore final : public PinStore {
  public:
    explicit PgPinStore(PgDatabase& db) : db_(db) {}

    bool pin(const MessageKind& kind, int64_t message_id, int64_t user_id) override;
    bool unpin(const MessageKind& kind, int64_t message_id) override;
    std::vector<PinRecord> list(const MessageKind& kind, int64_t conversation_id, int64_t other_user) override;

  private:
    PgDatabase& db_;
};

class PgSearchStore final : public SearchStore {
  public:
    explicit PgSearchStore(PgDatabase& db) : db_(db) {}

    std::vector<SearchHit> search(int64_t user_id, const std::string& query, int limit) override;

  private:
    PgDatabase& db_;
};

}  // namespace chatter::storage::postgres
