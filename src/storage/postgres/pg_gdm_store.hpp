#pragma once

#include "storage/gdm_store.hpp"
#include "storage/postgres/pg_database.hpp"

namespace chatter::storage::postgres {

class PgGdmStore final : public GdmStore {
  public:
    explicit PgGdmStore(PgDatabase& db) : db_(db) {}

    ThreadRecord create(const std::string& name, int64_t owner_id, const std::vector<int64_t>& member_ids) override;
    std::optional<ThreadRecord> fetch(int64_t thread_id) override;
    std::vector<ThreadRecord> threads_for(int64_t user_id) override;
    bool is_member(int64_t thread_id, int64_t user_id) override;
    bool is_banned(int64_t thread_id, int64_t user_id) override;
    void rename(int64_t thread_id, const std::string& name) override;
    void set_locked(int64_t thread_id, bool locked) override;
    void set_owner(int64_t thread_id, int64_t user_id) override;
    std::vector<int64_t> add_members(int64_t thread_id, const std::vector<int64_t>& user_ids) override;
    bool remove_member(int64_t thread_id, int64_t user_id, bool ban) override;
    bool remove(int64_t thread_id) override;

    MessageRecord insert_message(const NewMessage& message) override;
    std::optional<MessageRecord> fetch_message(int64_t id) override;
    std::vector<MessageRecord> fetch_messages(int64_t thread_id, const PageQuery& page) override;
    std::optional<MessageRecord> update_message_text(int64_t id, const std::string& text, int64_t edited_at) override;
    bool remove_message(int64_t id) override;

    InviteRecord create_invite(const InviteRecord& invite) override;
    std::optional<InviteRecord> fetch_invite(const std::string& code) override;
    bool claim_invite(const std::string& code, int64_t user_id, int64_t now) override;

  private:
    PgDatabase& db_;
};

}  // namespace chatter::storage::postgres
