#include "storage/postgres/pg_moderation_store.hpp"

#include <map>

#include "core/time.hpp"
#include "storage/common/account_rows.hpp"
#include "storage/common/moderation_rows.hpp"
#include "storage/common/store_rules.hpp"

namespace chatter::storage::postgres {

namespace {

ReportRecord report_of(const Row& row) {
    return common::read_report(row);
}

UserRecord user_of(const Row& row) {
    return common::read_user(row);
}

}  // namespace

// ---- address bans and timeouts ----

AddressBanRecord PgModerationStore::insert_address_ban(
    const std::string& network, const std::string& reason, const std::string& created_by
) {
    return db_.write([&](Tx& tx) {
        const int64_t now = unix_now();
        try {
            const int64_t id = tx.scalar(
                "INSERT INTO address_bans (network, reason, created_by, created_at) VALUES ($1, $2, $3, $4) "
                "RETURNING id",
                network,
                reason,
                created_by,
                now
            );
            return AddressBanRecord{id, network, reason, created_by, now};
        } catch (const pqxx::unique_violation&) {
            throw common::address_already_banned();
        }
    });
}

bool PgModerationStore::remove_address_ban(const std::string& network) {
    return db_.write([&](Tx& tx) { return tx.run("DELETE FROM address_bans WHERE network = $1", network) > 0; });
}

std::vector<AddressBanRecord> PgModerationStore::address_bans() {
    return db_.read([](Tx& tx) {
        return tx.rows(
            [](const Row& row) { return common::read_address_ban(row); },
            std::string(common::kAddressBanColumns) + "ORDER BY id DESC"
        );
    });
}

void PgModerationStore::set_timeout(
    int64_t user_id, int64_t until, const std::string& reason, const std::string& created_by
) {
    db_.write([&](Tx& tx) {
        tx.run(
            "INSERT INTO user_timeouts (user_id, until, reason, created_by, created_at) VALUES ($1, $2, $3, $4, $5) "
            "ON CONFLICT (user_id) DO UPDATE SET until = excluded.until, reason = excluded.reason, "
            "created_by = excluded.created_by, created_at = excluded.created_at",
            user_id,
            until,
            reason,
            created_by,
            unix_now()
        );
    });
}

bool PgModerationStore::remove_timeout(int64_t user_id, int64_t now) {
    return db_.write([&](Tx& tx) {
        return tx.run("DELETE FROM user_timeouts WHERE user_id = $1 AND until > $2", user_id, now) > 0;
    });
}

std::optional<TimeoutRecord> PgModerationStore::active_timeout(int64_t user_id, int64_t now) {
    return db_.read([&](Tx& tx) -> std::optional<TimeoutRecord> {
        const auto row =
            tx.first(std::string(common::kTimeoutColumns) + "WHERE t.user_id = $1 AND t.until > $2", user_id, now);
        return row ? std::optional(common::read_timeout(*row)) : std::nullopt;
    });
}

// ---- alerts ----

AlertRecord PgAlertStore::insert(
    const std::string& text, const std::string& level, const std::string& created_by, std::optional<int64_t> expires_at
) {
    return db_.write([&](Tx& tx) {
        const int64_t now = unix_now();
        const int64_t id = tx.scalar(
            "INSERT INTO site_alerts (text, level, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) "
            "RETURNING id",
            text,
            level,
            created_by,
            now,
            expires_at
        );
        return AlertRecord{id, text, level, created_by, now, expires_at};
    });
}

bool PgAlertStore::remove(int64_t id) {
    return db_.write([&](Tx& tx) { return tx.run("DELETE FROM site_alerts WHERE id = $1", id) > 0; });
}

std::vector<AlertRecord> PgAlertStore::active(int64_t now) {
    return db_.read([&](Tx& tx) {
        return tx.rows(
            [](const Row& row) { return common::read_alert(row); },
            std::string(common::kAlertColumns) + "WHERE expires_at IS NULL OR expires_at > $1 ORDER BY id DESC",
            now
        );
    });
}

// ---- reports ----

ReportRecord PgReportStore::insert(const ReportRecord& report) {
    return db_.write([&](Tx& tx) {
        ReportRecord stored = report;
        stored.status = "open";
        stored.created_at = unix_now();
        stored.id = tx.scalar(
            "INSERT INTO reports (reporter, kind, message_kind, message_id, target, excerpt, reason, status, "
            "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8) RETURNING id",
            stored.reporter,
            stored.kind,
            stored.message_kind,
            stored.message_id,
            stored.target,
            stored.excerpt,
            stored.reason,
            stored.created_at
        );
        return stored;
    });
}

std::vector<ReportRecord> PgReportStore::list(const std::string& status, int limit) {
    return db_.read([&](Tx& tx) {
        return tx.rows(
            report_of,
            std::string(common::kReportColumns) + "WHERE status = $1 ORDER BY id DESC LIMIT $2",
            status,
            limit
        );
    });
}

std::optional<ReportRecord> PgReportStore::fetch(int64_t id) {
    return db_.read([&](Tx& tx) -> std::optional<ReportRecord> {
        const auto row = tx.first(std::string(common::kReportColumns) + "WHERE id = $1", id);
        return row ? std::optional(report_of(*row)) : std::nullopt;
    });
}

bool PgReportStore::resolve(int64_t id, const std::string& by, const std::string& note) {
    return db_.write([&](Tx& tx) {
        return tx.run(
                   "UPDATE reports SET status = 'resolved', resolved_by = $1, resolved_at = $2, note = $3 "
                   "WHERE id = $4 AND status = 'open'",
                   by,
                   unix_now(),
                   note,
                   id
               ) > 0;
    });
}

// ---- admin queries ----

std::vector<UserRecord> PgAdminQueryStore::users_page(const std::string& prefix, int limit, int offset) {
    return db_.read([&](Tx& tx) {
        return tx.rows(
            user_of,
            std::string(common::kUserColumns) +
                "WHERE deleted_at IS NULL AND starts_with(username_key, $1) ORDER BY username_key "
                "LIMIT $2 OFFSET $3",
            common::ascii_lower(prefix),
            limit,
            offset
        );
    });
}

int64_t PgAdminQueryStore::users_matching(const std::string& prefix) {
    return db_.read([&](Tx& tx) {
        return tx.scalar(
            "SELECT COUNT(*) FROM users WHERE deleted_at IS NULL AND starts_with(username_key, $1)",
            common::ascii_lower(prefix)
        );
    });
}

std::vector<std::string> PgAdminQueryStore::staff_usernames() {
    return db_.read([](Tx& tx) {
        return tx.rows(
            [](const Row& row) { return row.column_text(0); },
            "SELECT username FROM users WHERE deleted_at IS NULL AND role IN ('admin', 'superadmin') ORDER BY id"
        );
    });
}

std::vector<DayCount> PgAdminQueryStore::messages_per_day(int64_t now, int days) {
    const auto counts = db_.read([&](Tx& tx) {
        std::map<int64_t, int64_t> by_day;
        for (const auto& row : tx.exec(
                 "SELECT created_at / 86400 AS day, COUNT(*) FROM ("
                 "SELECT created_at FROM channel_messages WHERE created_at >= $1 "
                 "UNION ALL SELECT created_at FROM dm_messages WHERE created_at >= $1 "
                 "UNION ALL SELECT created_at FROM gdm_messages WHERE created_at >= $1"
                 ") recent GROUP BY day",
                 common::counted_since(now, days)
             )) {
            const Row view(row);
            by_day[view.column_int64(0)] = view.column_int64(1);
        }
        return by_day;
    });
    return common::day_counts(counts, now, days);
}

}  // namespace chatter::storage::postgres
