#pragma once

#include "storage/custom_channel_store.hpp"
#include "storage/postgres/pg_database.hpp"

namespace chatter::storage::postgres {

class PgCustomChannelStore final : public CustomChannelStore {
  public:
    explicit PgCustomChannelStore(PgDatabase& db) : db_(db) {}

    int64_t insert(const NewCustomChannel& channel) override;
    std::optional<CustomChannelRecord> find(int64_t id, int64_t viewer_id) override;
    std::vector<CustomChannelRecord> list(int64_t viewer_id, bool all) override;
    int64_t count_owned(int64_t owner_id) override;
    std::optional<std::string> script(int64_t id) override;
    void set_enabled(int64_t id, bool enabled) override;
    void set_shared(int64_t id, bool shared) override;
    void replace_script(int64_t id, const std::string& script, const std::string& sha256, int64_t now) override;
    bool remove(int64_t id) override;
    void set_accepted(int64_t id, int64_t user_id, const std::optional<std::string>& sha256) override;
    std::optional<std::string> value(int64_t id, int64_t user_id, const std::string& key) override;
    bool put_value(
        int64_t id, int64_t user_id, const std::string& key, const std::string& value, int64_t max_keys, int64_t now
    ) override;
    bool remove_value(int64_t id, int64_t user_id, const std::string& key) override;
    std::vector<std::string> keys(int64_t id, int64_t user_id) override;

  private:
    PgDatabase& db_;
};

}  // namespace chatter::storage::postgres
