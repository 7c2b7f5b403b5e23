#include "storage/sqlite/sqlite_moderation_store.hpp"

#include <map>

#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/common/account_rows.hpp"
#include "storage/common/moderation_rows.hpp"
#include "storage/common/store_rules.hpp"

namespace chatter::storage::sqlite {

namespace {

using common::ascii_lower;
using common::kReportColumns;
using common::kUserColumns;
using common::read_report;
using common::read_user;

}  // namespace

// ---- address bans and timeouts ----

AddressBanRecord SqliteModerationStore::insert_address_ban(
    const std::string& network, const std::string& reason, const std::string& created_by
) {
    return db_.write([&](Connection& conn) {
        const int64_t now = unix_now();
        try {
            conn.prepare("INSERT INTO address_bans (network, reason, created_by, created_at) VALUES (?, ?, ?, ?)")
                .bind(1, network)
                .bind(2, reason)
                .bind(3, created_by)
                .bind(4, now)
                .run();
        } catch (const SqliteError& e) {
            if (e.is_unique_violation()) {
                throw common::address_already_banned();
            }
            throw;
        }
        return AddressBanRecord{conn.last_insert_rowid(), network, reason, created_by, now};
    });
}

bool SqliteModerationStore::remove_address_ban(const std::string& network) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM address_bans WHERE network = ?").bind(1, network).run() > 0;
    });
}

std::vector<AddressBanRecord> SqliteModerationStore::address_bans() {
    return db_.read([](Connection& conn) {
        auto stmt = conn.prepare(std::string(common::kAddressBanColumns) + "ORDER BY id DESC");
        std::vector<AddressBanRecord> out;
        while (stmt.step()) {
            out.push_back(common::read_address_ban(stmt));
        }
        return out;
    });
}

void SqliteModerationStore::set_timeout(
    int64_t user_id, int64_t until, const std::string& reason, const std::string& created_by
) {
    db_.write([&](Connection& conn) {
        conn.prepare(
                "INSERT INTO user_timeouts (user_id, until, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (user_id) DO UPDATE SET until = excluded.until, reason = excluded.reason, "
                "created_by = excluded.created_by, created_at = excluded.created_at"
        )
            .bind(1, user_id)
            .bind(2, until)
            .bind(3, reason)
            .bind(4, created_by)
            .bind(5, unix_now())
            .run();
    });
}

bool SqliteModerationStore::remove_timeout(int64_t user_id, int64_t now) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM user_timeouts WHERE user_id = ? AND until > ?")
                   .bind(1, user_id)
                   .bind(2, now)
                   .run() > 0;
    });
}

std::optional<TimeoutRecord> SqliteModerationStore::active_timeout(int64_t user_id, int64_t now) {
    return db_.read([&](Connection& conn) -> std::optional<TimeoutRecord> {
        auto stmt = conn.prepare(std::string(common::kTimeoutColumns) + "WHERE t.user_id = ? AND t.until > ?");
        stmt.bind(1, user_id).bind(2, now);
        if (!stmt.step()) {
            return std::nullopt;
        }
        return common::read_timeout(stmt);
    });
}

// ---- alerts ----

AlertRecord SqliteAlertStore::insert(
    const std::string& text, const std::string& level, const std::string& created_by, std::optional<int64_t> expires_at
) {
    return db_.write([&](Connection& conn) {
        const int64_t now = unix_now();
        conn.prepare("INSERT INTO site_alerts (text, level, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
            .bind(1, text)
            .bind(2, level)
            .bind(3, created_by)
            .bind(4, now)
            .bind(5, expires_at)
            .run();
        return AlertRecord{conn.last_insert_rowid(), text, level, created_by, now, expires_at};
    });
}

bool SqliteAlertStore::remove(int64_t id) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM site_alerts WHERE id = ?").bind(1, id).run() > 0;
    });
}

std::vector<AlertRecord> SqliteAlertStore::active(int64_t now) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            std::string(common::kAlertColumns) + "WHERE expires_at IS NULL OR expires_at > ? ORDER BY id DESC"
        );
        stmt.bind(1, now);
        std::vector<AlertRecord> out;
        while (stmt.step()) {
            out.push_back(common::read_alert(stmt));
        }
        return out;
    });
}

// ---- reports ----

ReportRecord SqliteReportStore::insert(const ReportRecord& report) {
    return db_.write([&](Connection& conn) {
        ReportRecord stored = report;
        stored.status = "open";
        stored.created_at = unix_now();
        conn.prepare(
                "INSERT INTO reports (reporter, kind, message_kind, message_id, target, excerpt, reason, status, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)"
        )
            .bind(1, stored.reporter)
            .bind(2, stored.kind)
            .bind(3, stored.message_kind)
            .bind(4, stored.message_id)
            .bind(5, stored.target)
            .bind(6, stored.excerpt)
            .bind(7, stored.reason)
            .bind(8, stored.created_at)
            .run();
        stored.id = conn.last_insert_rowid();
        return stored;
    });
}

std::vector<ReportRecord> SqliteReportStore::list(const std::string& status, int limit) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(std::string(kReportColumns).append("WHERE status = ? ORDER BY id DESC LIMIT ?"));
        stmt.bind(1, status).bind(2, limit);
        std::vector<ReportRecord> out;
        while (stmt.step()) {
            out.push_back(read_report(stmt));
        }
        return out;
    });
}

std::optional<ReportRecord> SqliteReportStore::fetch(int64_t id) {
    return db_.read([&](Connection& conn) -> std::optional<ReportRecord> {
        auto stmt = conn.prepare(std::string(kReportColumns).append("WHERE id = ?"));
        stmt.bind(1, id);
        if (!stmt.step()) {
            return std::nullopt;
        }
        return read_report(stmt);
    });
}

bool SqliteReportStore::resolve(int64_t id, const std::string& by, const std::string& note) {
    return db_.write([&](Connection& conn) {
        return conn.prepare(
                       "UPDATE reports SET status = 'resolved', resolved_by = ?, resolved_at = ?, note = ? "
                       "WHERE id = ? AND status = 'open'"
               )
                   .bind(1, by)
                   .bind(2, unix_now())
                   .bind(3, note)
                   .bind(4, id)
                   .run() > 0;
    });
}

// ---- admin queries ----

std::vector<UserRecord> SqliteAdminQueryStore::users_page(const std::string& prefix, int limit, int offset) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            std::string(kUserColumns)
                .append("WHERE deleted_at IS NULL AND substr(username_key, 1, :n) = :prefix ORDER BY username_key "
                        "LIMIT :limit OFFSET :offset")
        );
        const std::string key = ascii_lower(prefix);
        stmt.bind(":n", static_cast<int64_t>(key.size()))
            .bind(":prefix", key)
            .bind(":limit", limit)
            .bind(":offset", offset);
        std::vector<UserRecord> out;
        while (stmt.step()) {
            out.push_back(read_user(stmt));
        }
        return out;
    });
}

int64_t SqliteAdminQueryStore::users_matching(const std::string& prefix) {
    return db_.read([&](Connection& conn) {
        auto stmt =
            conn.prepare("SELECT COUNT(*) FROM users WHERE deleted_at IS NULL AND substr(username_key, 1, :n) = :prefix"
            );
        const std::string key = ascii_lower(prefix);
        stmt.bind(":n", static_cast<int64_t>(key.size())).bind(":prefix", key);
        stmt.step();
        return stmt.column_int64(0);
    });
}

std::vector<std::string> SqliteAdminQueryStore::staff_usernames() {
    return db_.read([](Connection& conn) {
        auto stmt = conn.prepare(
            "SELECT username FROM users WHERE deleted_at IS NULL AND role IN ('admin', 'superadmin') ORDER BY id"
        );
        std::vector<std::string> out;
        while (stmt.step()) {
            out.push_back(stmt.column_text(0));
        }
        return out;
    });
}

std::vector<DayCount> SqliteAdminQueryStore::messages_per_day(int64_t now, int days) {
    const auto counts = db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            "SELECT created_at / 86400 AS day, COUNT(*) FROM ("
            "SELECT created_at FROM channel_messages WHERE created_at >= :from "
            "UNION ALL SELECT created_at FROM dm_messages WHERE created_at >= :from "
            "UNION ALL SELECT created_at FROM gdm_messages WHERE created_at >= :from"
            ") GROUP BY day"
        );
        stmt.bind(":from", common::counted_since(now, days));
        std::map<int64_t, int64_t> by_day;
        while (stmt.step()) {
            by_day[stmt.column_int64(0)] = stmt.column_int64(1);
        }
        return by_day;
    });
    return common::day_counts(counts, now, days);
}

}  // namespace chatter::storage::sqlite
