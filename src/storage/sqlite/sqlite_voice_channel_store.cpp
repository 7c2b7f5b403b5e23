#include "storage/sqlite/sqlite_voice_channel_store.hpp"

namespace chatter::storage::sqlite {

std::vector<std::string> SqliteVoiceChannelStore::list() {
    return db_.read([](Connection& conn) {
        auto stmt = conn.prepare("SELECT name FROM voice_channels ORDER BY name");
        std::vector<std::string> names;
        while (stmt.step()) {
            names.push_back(stmt.column_text(0));
        }
        return names;
    });
}

bool SqliteVoiceChannelStore::exists(const std::string& name) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare("SELECT 1 FROM voice_channels WHERE name = ?");
        stmt.bind(1, name);
        return stmt.step();
    });
}

bool SqliteVoiceChannelStore::insert(const std::string& name, std::optional<int64_t> created_by, int64_t created_at) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("INSERT OR IGNORE INTO voice_channels (name, created_by, created_at) VALUES (?, ?, ?)")
                   .bind(1, name)
                   .bind(2, created_by)
                   .bind(3, created_at)
                   .run() > 0;
    });
}

bool SqliteVoiceChannelStore::remove(const std::string& name) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM voice_channels WHERE name = ?").bind(1, name).run() > 0;
    });
}

}  // namespace chatter::storage::sqlite
