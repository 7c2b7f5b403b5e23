#include "storage/postgres/pg_file_store.hpp"

#include "storage/common/content_rows.hpp"

namespace chatter::storage::postgres {

namespace {

using common::kFileColumns;

FileRecord file_of(const Row& row) {
    return common::read_file(row);
}

}  // namespace

bool PgFileStore::insert_within_quota(const FileRecord& record, int64_t quota, int64_t now) {
    return db_.write([&](Tx& tx) {
        if (quota > 0) {
            // The owner's row lock makes the sum and the insert one step for that owner.
            tx.lock_user(record.owner_id);
            const int64_t used = tx.scalar(
                "SELECT COALESCE(SUM(size), 0) FROM files WHERE owner_id = $1 AND expires_at > $2", record.owner_id, now
            );
            if (used + record.size > quota) {
                return false;
            }
        }
        tx.run(
            "INSERT INTO files (id, name, size, mime_type, owner_id, created_at, expires_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
            record.id,
            record.name,
            record.size,
            record.mime_type,
            record.owner_id,
            record.created_at,
            record.expires_at
        );
        return true;
    });
}

std::optional<FileRecord> PgFileStore::find(const std::string& id, int64_t now) {
    return db_.read([&](Tx& tx) -> std::optional<FileRecord> {
        const auto row = tx.first(std::string(kFileColumns) + "WHERE f.id = $1 AND f.expires_at > $2", id, now);
        return row ? std::optional(file_of(*row)) : std::nullopt;
    });
}

std::vector<FileRecord> PgFileStore::list(std::optional<int64_t> owner_id, int64_t now) {
    return db_.read([&](Tx& tx) {
        return tx.rows(
            file_of,
            std::string(kFileColumns) +
                "WHERE ($1::bigint IS NULL OR f.owner_id = $1) AND f.expires_at > $2 ORDER BY f.created_at DESC, f.id",
            owner_id,
            now
        );
    });
}

bool PgFileStore::remove(const std::string& id) {
    return db_.write([&](Tx& tx) { return tx.run("DELETE FROM files WHERE id = $1", id) > 0; });
}

std::vector<std::string> PgFileStore::expired(int64_t now, int limit) {
    return db_.read([&](Tx& tx) {
        return tx.rows(
            [](const Row& row) { return row.column_text(0); },
            "SELECT id FROM files WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2",
            now,
            limit
        );
    });
}

int64_t PgFileStore::total_bytes(int64_t now) {
    return db_.read([&](Tx& tx) {
        return tx.scalar("SELECT COALESCE(SUM(size), 0) FROM files WHERE expires_at > $1", now);
    });
}

}  // namespace chatter::storage::postgres
