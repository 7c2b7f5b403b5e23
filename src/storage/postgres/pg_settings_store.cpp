#include "storage/postgres/pg_settings_store.hpp"

#include "core/time.hpp"
#include "storage/common/account_rows.hpp"

namespace chatter::storage::postgres {

// ---- settings ----

std::map<std::string, std::string> PgSettingsStore::fetch_all() {
    return db_.read([](Tx& tx) {
        std::map<std::string, std::string> values;
        for (const auto& row : tx.exec("SELECT key, value FROM app_settings")) {
            const Row view(row);
            values.emplace(view.column_text(0), view.column_text(1));
        }
        return values;
    });
}

std::optional<std::string> PgSettingsStore::fetch(const std::string& key) {
    return db_.read([&](Tx& tx) -> std::optional<std::string> {
        const auto row = tx.first("SELECT value FROM app_settings WHERE key = $1", key);
        return row ? std::optional(row->column_text(0)) : std::nullopt;
    });
}

void PgSettingsStore::upsert(const std::map<std::string, std::string>& values) {
    if (values.empty()) {
        return;
    }
    db_.write([&](Tx& tx) {
        for (const auto& [key, value] : values) {
            tx.run(
                "INSERT INTO app_settings (key, value) VALUES ($1, $2) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                key,
                value
            );
        }
    });
}

// ---- audit log ----

AuditRecord PgAuditStore::insert(
    const std::string& actor, const std::string& action, const std::string& target, const std::string& details
) {
    return db_.write([&](Tx& tx) {
        const int64_t now = unix_now();
        return AuditRecord{
            .id = tx.scalar(
                "INSERT INTO audit_log (actor, action, target, details, created_at) VALUES ($1, $2, $3, $4, $5) "
                "RETURNING id",
                actor,
                action,
                target,
                details,
                now
            ),
            .actor = actor,
            .action = action,
            .target = target,
            .details = details,
            .created_at = now,
        };
    });
}

std::vector<AuditRecord> PgAuditStore::fetch_page(std::optional<int64_t> before_id, int limit) {
    if (limit <= 0) {
        return {};
    }
    return db_.read([&](Tx& tx) {
        return tx.rows(
            [](const Row& row) { return common::read_audit(row); },
            std::string(common::kAuditColumns) + "WHERE $1::bigint IS NULL OR id < $1 ORDER BY id DESC LIMIT $2",
            before_id,
            limit
        );
    });
}

}  // namespace chatter::storage::postgres
