#pragma once

#include "storage/postgres/pg_database.hpp"
#include "storage/voice_channel_store.hpp"

namespace chatter::storage::postgres {

class PgVoiceChannelStore final : public VoiceChannelStore {
  public:
    explicit PgVoiceChannelStore(PgDatabase& db) : db_(db) {}

    std::vector<std::string> list() override;
    bool exists(const std::string& name) override;
    bool insert(const std::string& name, std::optional<int64_t> created_by, int64_t created_at) override;
    bool remove(const std::string& name) override;

  private:
    PgDatabase& db_;
};

}  // namespace chatter::storage::postgres
