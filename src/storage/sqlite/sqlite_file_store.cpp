#include "storage/sqlite/sqlite_file_store.hpp"

#include "storage/common/content_rows.hpp"

namespace chatter::storage::sqlite {

namespace {

constexpr std::string_view kSelect = common::kFileColumns;
using common::read_file;

}  // namespace

bool SqliteFileStore::insert_within_quota(const FileRecord& record, int64_t quota, int64_t now) {
    return db_.write([&](Connection& conn) {
        if (quota > 0) {
            auto used = conn.prepare("SELECT COALESCE(SUM(size), 0) FROM files WHERE owner_id = ? AND expires_at > ?");
            used.bind(1, record.owner_id).bind(2, now);
            used.step();
            if (used.column_int64(0) + record.size > quota) {
                return false;
            }
        }
        conn.prepare(
                "INSERT INTO files (id, name, size, mime_type, owner_id, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
            .bind(1, record.id)
            .bind(2, record.name)
            .bind(3, record.size)
            .bind(4, record.mime_type)
            .bind(5, record.owner_id)
            .bind(6, record.created_at)
            .bind(7, record.expires_at)
            .run();
        return true;
    });
}

std::optional<FileRecord> SqliteFileStore::find(const std::string& id, int64_t now) {
    return db_.read([&](Connection& conn) -> std::optional<FileRecord> {
        auto stmt = conn.prepare(std::string(kSelect) + "WHERE f.id = ? AND f.expires_at > ?");
        stmt.bind(1, id).bind(2, now);
        if (!stmt.step()) {
            return std::nullopt;
        }
        return read_file(stmt);
    });
}

std::vector<FileRecord> SqliteFileStore::list(std::optional<int64_t> owner_id, int64_t now) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            std::string(kSelect) +
            "WHERE (:owner IS NULL OR f.owner_id = :owner) AND f.expires_at > :now ORDER BY f.created_at DESC, f.id"
        );
        stmt.bind(":owner", owner_id).bind(":now", now);
        std::vector<FileRecord> files;
        while (stmt.step()) {
            files.push_back(read_file(stmt));
        }
        return files;
    });
}

bool SqliteFileStore::remove(const std::string& id) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM files WHERE id = ?").bind(1, id).run() > 0;
    });
}

std::vector<std::string> SqliteFileStore::expired(int64_t now, int limit) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare("SELECT id FROM files WHERE expires_at <= ? ORDER BY expires_at LIMIT ?");
        stmt.bind(1, now).bind(2, limit);
        std::vector<std::string> ids;
        while (stmt.step()) {
            ids.push_back(stmt.column_text(0));
        }
        return ids;
    });
}

int64_t SqliteFileStore::total_bytes(int64_t now) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare("SELECT COALESCE(SUM(size), 0) FROM files WHERE expires_at > ?");
        stmt.bind(1, now);
        stmt.step();
        return stmt.column_int64(0);
    });
}

}  // namespace chatter::storage::sqlite
