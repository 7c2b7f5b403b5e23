#include "storage/sqlite/sqlite_user_store.hpp"

#include "core/time.hpp"
#include "storage/common/account_rows.hpp"
#include "storage/common/store_rules.hpp"

namespace chatter::storage::sqlite {

namespace {

using common::ascii_lower;
using common::check_role;
using common::kUserColumns;
using common::read_user;

std::optional<UserRecord> fetch_one(Statement& stmt) {
    if (!stmt.step()) {
        return std::nullopt;
    }
    return read_user(stmt);
}

common::RoleCheck role_check(Connection& conn, int64_t id) {
    auto stmt = conn.prepare(common::kRoleCheckSql);
    stmt.bind(1, id);
    stmt.step();
    return common::read_role_check(stmt);
}

}  // namespace

UserRecord SqliteUserStore::insert(const NewUser& user, bool first_becomes_superadmin) {
    check_role(user.role);
    return db_.write([&](Connection& conn) {
        UserRecord record = common::record_of(user, unix_now());
        if (first_becomes_superadmin) {
            // Same transaction as the insert, and the writer serialises transactions, so only one
            // racing first registration can see an empty table.
            auto count = conn.prepare("SELECT EXISTS (SELECT 1 FROM users)");
            count.step();
            if (!count.column_bool(0)) {
                record.role = "superadmin";
            }
        }
        try {
            conn.prepare(
                    "INSERT INTO users (username, username_key, password_hash, role, email, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)"
            )
                .bind(1, record.username)
                .bind(2, ascii_lower(record.username))
                .bind(3, record.password_hash)
                .bind(4, record.role)
                .bind(5, record.email)
                .bind(6, record.created_at)
                .run();
        } catch (const SqliteError& e) {
            if (e.is_unique_violation()) {
                throw common::username_taken();
            }
            throw;
        }
        record.id = conn.last_insert_rowid();
        return record;
    });
}

std::optional<UserRecord> SqliteUserStore::fetch_by_id(int64_t id) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(std::string(kUserColumns) + "WHERE deleted_at IS NULL AND id = ?");
        stmt.bind(1, id);
        return fetch_one(stmt);
    });
}

std::optional<UserRecord> SqliteUserStore::fetch_by_name(std::string_view username) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(std::string(kUserColumns) + "WHERE deleted_at IS NULL AND username_key = ?");
        stmt.bind(1, ascii_lower(username));
        return fetch_one(stmt);
    });
}

std::vector<UserRecord> SqliteUserStore::fetch_by_prefix(std::string_view prefix, int limit) {
    const auto range = common::username_key_range(prefix);
    if (limit <= 0 || !range) {
        return {};
    }
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            std::string(kUserColumns) +
            "WHERE deleted_at IS NULL AND username_key >= :low AND (:high IS NULL OR username_key < :high) ORDER BY "
            "username_key LIMIT :limit"
        );
        stmt.bind(":low", range->low).bind(":high", range->high).bind(":limit", limit);
        std::vector<UserRecord> users;
        while (stmt.step()) {
            users.push_back(read_user(stmt));
        }
        return users;
    });
}

int64_t SqliteUserStore::count() {
    return db_.read([](Connection& conn) {
        auto stmt = conn.prepare("SELECT COUNT(*) FROM users WHERE deleted_at IS NULL");
        stmt.step();
        return stmt.column_int64(0);
    });
}

bool SqliteUserStore::update_password(int64_t id, const std::string& password_hash) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("UPDATE users SET password_hash = ? WHERE id = ? AND deleted_at IS NULL")
                   .bind(1, password_hash)
                   .bind(2, id)
                   .run() > 0;
    });
}

bool SqliteUserStore::update_role(int64_t id, const std::string& role) {
    check_role(role);
    return db_.write([&](Connection& conn) {
        return conn.prepare("UPDATE users SET role = ? WHERE id = ? AND deleted_at IS NULL")
                   .bind(1, role)
                   .bind(2, id)
                   .run() > 0;
    });
}

bool SqliteUserStore::update_banned(int64_t id, bool banned, const std::optional<std::string>& reason) {
    // An unbanned account keeps no reason: it would otherwise resurface on the next ban.
    const std::optional<std::string> stored_reason = banned ? reason : std::nullopt;
    return db_.write([&](Connection& conn) {
        return conn.prepare("UPDATE users SET banned = ?, ban_reason = ? WHERE id = ? AND deleted_at IS NULL")
                   .bind(1, banned)
                   .bind(2, stored_reason)
                   .bind(3, id)
                   .run() > 0;
    });
}

AccountChange SqliteUserStore::delete_account(int64_t id, int64_t now) {
    return db_.write([&](Connection& conn) {
        if (const auto rule = common::superadmin_rule(role_check(conn, id), std::nullopt);
            rule != AccountChange::kDone) {
            return rule;
        }
        conn.prepare("UPDATE users SET deleted_at = ?, password_hash = '', email = NULL, role = 'user' WHERE id = ?")
            .bind(1, now)
            .bind(2, id)
            .run();
        for (const auto sql : common::kAccountRowDeletions) {
            conn.prepare(sql).bind(1, id).run();
        }
        return AccountChange::kDone;
    });
}

AccountChange SqliteUserStore::change_role(int64_t id, const std::string& role) {
    check_role(role);
    return db_.write([&](Connection& conn) {
        if (const auto rule = common::superadmin_rule(role_check(conn, id), role); rule != AccountChange::kDone) {
            return rule;
        }
        conn.prepare("UPDATE users SET role = ? WHERE id = ?").bind(1, role).bind(2, id).run();
        return AccountChange::kDone;
    });
}

}  // namespace chatter::storage::sqlite
