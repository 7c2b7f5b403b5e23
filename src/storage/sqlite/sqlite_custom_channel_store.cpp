#include "storage/sqlite/sqlite_custom_channel_store.hpp"

#include "storage/common/content_rows.hpp"

namespace chatter::storage::sqlite {

namespace {

// :viewer is bound by every query that uses these columns.
const std::string& select_channels() {
    static const std::string kSql = common::custom_channel_select(":viewer");
    return kSql;
}

using common::read_custom_channel;

void upsert_acceptance(Connection& conn, int64_t id, int64_t user_id, const std::string& sha256) {
    conn.prepare(
            "INSERT INTO custom_channel_acceptances (channel_id, user_id, sha256) VALUES (?, ?, ?) "
            "ON CONFLICT (channel_id, user_id) DO UPDATE SET sha256 = excluded.sha256"
    )
        .bind(1, id)
        .bind(2, user_id)
        .bind(3, sha256)
        .run();
}

}  // namespace

int64_t SqliteCustomChannelStore::insert(const NewCustomChannel& channel) {
    return db_.write([&](Connection& conn) {
        conn.prepare(
                "INSERT INTO custom_channels (name, url, owner_id, enabled, shared, script, sha256, script_size, "
                "created_at, fetched_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?)"
        )
            .bind(1, channel.name)
            .bind(2, channel.url)
            .bind(3, channel.owner_id)
            .bind(4, channel.enabled ? 1 : 0)
            .bind(5, channel.script)
            .bind(6, channel.sha256)
            .bind(7, static_cast<int64_t>(channel.script.size()))
            .bind(8, channel.now)
            .bind(9, channel.now)
            .run();
        const int64_t id = conn.last_insert_rowid();
        upsert_acceptance(conn, id, channel.owner_id, channel.sha256);
        return id;
    });
}

std::optional<CustomChannelRecord> SqliteCustomChannelStore::find(int64_t id, int64_t viewer_id) {
    return db_.read([&](Connection& conn) -> std::optional<CustomChannelRecord> {
        auto stmt = conn.prepare(select_channels() + "WHERE c.id = :id");
        stmt.bind(":viewer", viewer_id).bind(":id", id);
        if (!stmt.step()) {
            return std::nullopt;
        }
        return read_custom_channel(stmt);
    });
}

std::vector<CustomChannelRecord> SqliteCustomChannelStore::list(int64_t viewer_id, bool all) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            select_channels() + "WHERE :all OR c.owner_id = :viewer OR c.shared = 1 ORDER BY c.created_at, c.id"
        );
        stmt.bind(":viewer", viewer_id).bind(":all", all ? 1 : 0);
        std::vector<CustomChannelRecord> channels;
        while (stmt.step()) {
            channels.push_back(read_custom_channel(stmt));
        }
        return channels;
    });
}

int64_t SqliteCustomChannelStore::count_owned(int64_t owner_id) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare("SELECT COUNT(*) FROM custom_channels WHERE owner_id = ?");
        stmt.bind(1, owner_id);
        stmt.step();
        return stmt.column_int64(0);
    });
}

std::optional<std::string> SqliteCustomChannelStore::script(int64_t id) {
    return db_.read([&](Connection& conn) -> std::optional<std::string> {
        auto stmt = conn.prepare("SELECT script FROM custom_channels WHERE id = ?");
        stmt.bind(1, id);
        if (!stmt.step()) {
            return std::nullopt;
        }
        return stmt.column_text(0);
    });
}

void SqliteCustomChannelStore::set_enabled(int64_t id, bool enabled) {
    db_.write([&](Connection& conn) {
        conn.prepare("UPDATE custom_channels SET enabled = ? WHERE id = ?").bind(1, enabled ? 1 : 0).bind(2, id).run();
    });
}

void SqliteCustomChannelStore::set_shared(int64_t id, bool shared) {
    db_.write([&](Connection& conn) {
        conn.prepare("UPDATE custom_channels SET shared = ? WHERE id = ?").bind(1, shared ? 1 : 0).bind(2, id).run();
    });
}

void SqliteCustomChannelStore::replace_script(
    int64_t id, const std::string& script, const std::string& sha256, int64_t now
) {
    db_.write([&](Connection& conn) {
        conn.prepare("UPDATE custom_channels SET script = ?, sha256 = ?, script_size = ?, fetched_at = ? WHERE id = ?")
            .bind(1, script)
            .bind(2, sha256)
            .bind(3, static_cast<int64_t>(script.size()))
            .bind(4, now)
            .bind(5, id)
            .run();
    });
}

bool SqliteCustomChannelStore::remove(int64_t id) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM custom_channels WHERE id = ?").bind(1, id).run() > 0;
    });
}

void SqliteCustomChannelStore::set_accepted(int64_t id, int64_t user_id, const std::optional<std::string>& sha256) {
    db_.write([&](Connection& conn) {
        if (sha256) {
            upsert_acceptance(conn, id, user_id, *sha256);
        } else {
            conn.prepare("DELETE FROM custom_channel_acceptances WHERE channel_id = ? AND user_id = ?")
                .bind(1, id)
                .bind(2, user_id)
                .run();
        }
    });
}

std::optional<std::string> SqliteCustomChannelStore::value(int64_t id, int64_t user_id, const std::string& key) {
    return db_.read([&](Connection& conn) -> std::optional<std::string> {
        auto stmt =
            conn.prepare("SELECT value FROM custom_channel_values WHERE channel_id = ? AND user_id = ? AND key = ?");
        stmt.bind(1, id).bind(2, user_id).bind(3, key);
        if (!stmt.step()) {
            return std::nullopt;
        }
        return stmt.column_text(0);
    });
}

bool SqliteCustomChannelStore::put_value(
    int64_t id, int64_t user_id, const std::string& key, const std::string& value, int64_t max_keys, int64_t now
) {
    return db_.write([&](Connection& conn) {
        auto count = conn.prepare(
            "SELECT COUNT(*), COALESCE(SUM(key = ?), 0) FROM custom_channel_values WHERE channel_id = ? AND user_id = ?"
        );
        count.bind(1, key).bind(2, id).bind(3, user_id);
        count.step();
        const bool exists = count.column_int64(1) > 0;
        if (!exists && count.column_int64(0) >= max_keys) {
            return false;
        }
        conn.prepare(
                "INSERT INTO custom_channel_values (channel_id, user_id, key, value, updated_at) VALUES (?, ?, ?, ?, "
                "?) "
                "ON CONFLICT (channel_id, user_id, key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at"
        )
            .bind(1, id)
            .bind(2, user_id)
            .bind(3, key)
            .bind(4, value)
            .bind(5, now)
            .run();
        return true;
    });
}

bool SqliteCustomChannelStore::remove_value(int64_t id, int64_t user_id, const std::string& key) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM custom_channel_values WHERE channel_id = ? AND user_id = ? AND key = ?")
                   .bind(1, id)
                   .bind(2, user_id)
                   .bind(3, key)
                   .run() > 0;
    });
}

std::vector<std::string> SqliteCustomChannelStore::keys(int64_t id, int64_t user_id) {
    return db_.read([&](Connection& conn) {
        auto stmt =
            conn.prepare("SELECT key FROM custom_channel_values WHERE channel_id = ? AND user_id = ? ORDER BY key");
        stmt.bind(1, id).bind(2, user_id);
        std::vector<std::string> keys;
        while (stmt.step()) {
            keys.push_back(stmt.column_text(0));
        }
        return keys;
    });
}

}  // namespace chatter::storage::sqlite
