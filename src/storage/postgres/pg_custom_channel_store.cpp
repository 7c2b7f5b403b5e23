#include "storage/postgres/pg_custom_channel_store.hpp"

#include "storage/common/content_rows.hpp"

namespace chatter::storage::postgres {

namespace {

// $1 is the viewer in every query that uses these columns.
const std::string& select_channels() {
    static const std::string kSql = common::custom_channel_select("$1");
    return kSql;
}

CustomChannelRecord channel_of(const Row& row) {
    return common::read_custom_channel(row);
}

void upsert_acceptance(Tx& tx, int64_t id, int64_t user_id, const std::string& sha256) {
    tx.run(
        "INSERT INTO custom_channel_acceptances (channel_id, user_id, sha256) VALUES ($1, $2, $3) "
        "ON CONFLICT (channel_id, user_id) DO UPDATE SET sha256 = excluded.sha256",
        id,
        user_id,
        sha256
    );
}

}  // namespace

int64_t PgCustomChannelStore::insert(const NewCustomChannel& channel) {
    return db_.write([&](Tx& tx) {
        const int64_t id = tx.scalar(
            "INSERT INTO custom_channels (name, url, owner_id, enabled, shared, script, sha256, script_size, "
            "created_at, fetched_at) VALUES ($1, $2, $3, $4, FALSE, $5, $6, $7, $8, $8) RETURNING id",
            channel.name,
            channel.url,
            channel.owner_id,
            channel.enabled,
            channel.script,
            channel.sha256,
            static_cast<int64_t>(channel.script.size()),
            channel.now
        );
        upsert_acceptance(tx, id, channel.owner_id, channel.sha256);
        return id;
    });
}

std::optional<CustomChannelRecord> PgCustomChannelStore::find(int64_t id, int64_t viewer_id) {
    return db_.read([&](Tx& tx) -> std::optional<CustomChannelRecord> {
        const auto row = tx.first(select_channels() + "WHERE c.id = $2", viewer_id, id);
        return row ? std::optional(channel_of(*row)) : std::nullopt;
    });
}

std::vector<CustomChannelRecord> PgCustomChannelStore::list(int64_t viewer_id, bool all) {
    return db_.read([&](Tx& tx) {
        return tx.rows(
            channel_of,
            select_channels() + "WHERE $2 OR c.owner_id = $1 OR c.shared ORDER BY c.created_at, c.id",
            viewer_id,
            all
        );
    });
}

int64_t PgCustomChannelStore::count_owned(int64_t owner_id) {
    return db_.read([&](Tx& tx) {
        return tx.scalar("SELECT COUNT(*) FROM custom_channels WHERE owner_id = $1", owner_id);
    });
}

std::optional<std::string> PgCustomChannelStore::script(int64_t id) {
    return db_.read([&](Tx& tx) -> std::optional<std::string> {
        const auto row = tx.first("SELECT script FROM custom_channels WHERE id = $1", id);
        return row ? std::optional(row->column_text(0)) : std::nullopt;
    });
}

void PgCustomChannelStore::set_enabled(int64_t id, bool enabled) {
    db_.write([&](Tx& tx) { tx.run("UPDATE custom_channels SET enabled = $1 WHERE id = $2", enabled, id); });
}

void PgCustomChannelStore::set_shared(int64_t id, bool shared) {
    db_.write([&](Tx& tx) { tx.run("UPDATE custom_channels SET shared = $1 WHERE id = $2", shared, id); });
}

void PgCustomChannelStore::replace_script(
    int64_t id, const std::string& script, const std::string& sha256, int64_t now
) {
    db_.write([&](Tx& tx) {
        tx.run(
            "UPDATE custom_channels SET script = $1, sha256 = $2, script_size = $3, fetched_at = $4 WHERE id = $5",
            script,
            sha256,
            static_cast<int64_t>(script.size()),
            now,
            id
        );
    });
}

bool PgCustomChannelStore::remove(int64_t id) {
    return db_.write([&](Tx& tx) { return tx.run("DELETE FROM custom_channels WHERE id = $1", id) > 0; });
}

void PgCustomChannelStore::set_accepted(int64_t id, int64_t user_id, const std::optional<std::string>& sha256) {
    db_.write([&](Tx& tx) {
        if (sha256) {
            upsert_acceptance(tx, id, user_id, *sha256);
        } else {
            tx.run("DELETE FROM custom_channel_acceptances WHERE channel_id = $1 AND user_id = $2", id, user_id);
        }
    });
}

std::optional<std::string> PgCustomChannelStore::value(int64_t id, int64_t user_id, const std::string& key) {
    return db_.read([&](Tx& tx) -> std::optional<std::string> {
        const auto row = tx.first(
            "SELECT value FROM custom_channel_values WHERE channel_id = $1 AND user_id = $2 AND key = $3",
            id,
            user_id,
            key
        );
        return row ? std::optional(row->column_text(0)) : std::nullopt;
    });
}

bool PgCustomChannelStore::put_value(
    int64_t id, int64_t user_id, const std::string& key, const std::string& value, int64_t max_keys, int64_t now
) {
    return db_.write([&](Tx& tx) {
        // The user's row lock makes the count and the upsert one step for that user.
        tx.lock_user(user_id);
        const auto count = tx.first(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE key = $1) FROM custom_channel_values "
            "WHERE channel_id = $2 AND user_id = $3",
            key,
            id,
            user_id
        );
        if (count->column_int64(1) == 0 && count->column_int64(0) >= max_keys) {
            return false;
        }
        tx.run(
            "INSERT INTO custom_channel_values (channel_id, user_id, key, value, updated_at) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (channel_id, user_id, key) DO UPDATE SET "
            "value = excluded.value, updated_at = excluded.updated_at",
            id,
            user_id,
            key,
            value,
            now
        );
        return true;
    });
}

bool PgCustomChannelStore::remove_value(int64_t id, int64_t user_id, const std::string& key) {
    return db_.write([&](Tx& tx) {
        return tx.run(
                   "DELETE FROM custom_channel_values WHERE channel_id = $1 AND user_id = $2 AND key = $3",
                   id,
                   user_id,
                   key
               ) > 0;
    });
}

std::vector<std::string> PgCustomChannelStore::keys(int64_t id, int64_t user_id) {
    return db_.read([&](Tx& tx) {
        return tx.rows(
            [](const Row& row) { return row.column_text(0); },
            "SELECT key FROM custom_channel_values WHERE channel_id = $1 AND user_id = $2 ORDER BY key",
            id,
            user_id
        );
    });
}

}  // namespace chatter::storage::postgres
