#include "storage/postgres/pg_voice_channel_store.hpp"

namespace chatter::storage::postgres {

std::vector<std::string> PgVoiceChannelStore::list() {
    return db_.read([](Tx& tx) {
        return tx.rows(
            [](const Row& row) { return row.column_text(0); }, "SELECT name FROM voice_channels ORDER BY name"
        );
    });
}

bool PgVoiceChannelStore::exists(const std::string& name) {
    return db_.read([&](Tx& tx) { return tx.first("SELECT 1 FROM voice_channels WHERE name = $1", name).has_value(); });
}

bool PgVoiceChannelStore::insert(const std::string& name, std::optional<int64_t> created_by, int64_t created_at) {
    return db_.write([&](Tx& tx) {
        return tx.run(
                   "INSERT INTO voice_channels (name, created_by, created_at) VALUES ($1, $2, $3) "
                   "ON CONFLICT DO NOTHING",
                   name,
                   created_by,
                   created_at
               ) > 0;
    });
}

bool PgVoiceChannelStore::remove(const std::string& name) {
    return db_.write([&](Tx& tx) { return tx.run("DELETE FROM voice_channels WHERE name = $1", name) > 0; });
}

}  // namespace chatter::storage::postgres
