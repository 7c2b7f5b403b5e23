#include "storage/sqlite/sqlite_settings_store.hpp"

#include "core/time.hpp"
#include "storage/common/account_rows.hpp"

namespace chatter::storage::sqlite {

// ---- settings ----

std::map<std::string, std::string> SqliteSettingsStore::fetch_all() {
    return db_.read([](Connection& conn) {
        auto stmt = conn.prepare("SELECT key, value FROM app_settings");
        std::map<std::string, std::string> values;
        while (stmt.step()) {
            values.emplace(stmt.column_text(0), stmt.column_text(1));
        }
        return values;
    });
}

std::optional<std::string> SqliteSettingsStore::fetch(const std::string& key) {
    return db_.read([&](Connection& conn) -> std::optional<std::string> {
        auto stmt = conn.prepare("SELECT value FROM app_settings WHERE key = ?");
        stmt.bind(1, key);
        if (!stmt.step()) {
            return std::nullopt;
        }
        return stmt.column_text(0);
    });
}

void SqliteSettingsStore::upsert(const std::map<std::string, std::string>& values) {
    if (values.empty()) {
        return;
    }
    db_.write([&](Connection& conn) {
        for (const auto& [key, value] : values) {
            conn.prepare(
                    "INSERT INTO app_settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            )
                .bind(1, key)
                .bind(2, value)
                .run();
        }
    });
}

// ---- audit log ----

AuditRecord SqliteAuditStore::insert(
    const std::string& actor, const std::string& action, const std::string& target, const std::string& details
) {
    return db_.write([&](Connection& conn) {
        const int64_t now = unix_now();
        conn.prepare("INSERT INTO audit_log (actor, action, target, details, created_at) VALUES (?, ?, ?, ?, ?)")
            .bind(1, actor)
            .bind(2, action)
            .bind(3, target)
            .bind(4, details)
            .bind(5, now)
            .run();
        return AuditRecord{
            .id = conn.last_insert_rowid(),
            .actor = actor,
            .action = action,
            .target = target,
            .details = details,
            .created_at = now,
        };
    });
}

std::vector<AuditRecord> SqliteAuditStore::fetch_page(std::optional<int64_t> before_id, int limit) {
    if (limit <= 0) {
        return {};
    }
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            std::string(common::kAuditColumns) + "WHERE :before IS NULL OR id < :before ORDER BY id DESC LIMIT :limit"
        );
        stmt.bind(":before", before_id).bind(":limit", limit);
        std::vector<AuditRecord> records;
        while (stmt.step()) {
            records.push_back(common::read_audit(stmt));
        }
        return records;
    });
}

}  // namespace chatter::storage::sqlite
