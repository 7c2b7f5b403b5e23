#pragma once

#include "storage/doc_store.hpp"
#include "storage/postgres/pg_database.hpp"

namespace chatter::storage::postgres {

class PgDocStore final : public DocStore {
  public:
    explicit PgDocStore(PgDatabase& db) : db_(db) {}

    DocRecord create(
        const std::string& name,
        const std::string& content,
        const std::string& initial_op,
        int64_t length,
        int64_t creator_id,
        const std::vector<NewDocMember>& members
    ) override;
    std::optional<DocRecord> fetch(int64_t doc_id) override;
    std::optional<std::string> role_of(int64_t doc_id, int64_t user_id) override;
    std::vector<DocRecord> docs_for(int64_t user_id) override;
    std::vector<DocMemberRecord> members(int64_t doc_id) override;
    bool add_member(int64_t doc_id, const NewDocMember& member) override;
    bool set_member_role(int64_t doc_id, const NewDocMember& member) override;
    bool remove_member(int64_t doc_id, int64_t user_id) override;
    bool remove(int64_t doc_id) override;
    bool append_revision(
        int64_t doc_id,
        int64_t revision,
        int64_t user_id,
        const std::string& op,
        int64_t length,
        const std::string* snapshot
    ) override;
    std::vector<DocRevisionRecord> revisions(int64_t doc_id, std::optional<int64_t> before, int limit) override;
    std::vector<DocRevisionRecord> ops(int64_t doc_id, int64_t first, int64_t last) override;

  private:
    PgDatabase& db_;
};

}  // namespace chatter::storage::postgres
