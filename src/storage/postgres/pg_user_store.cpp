#include "storage/postgres/pg_user_store.hpp"

#include "core/time.hpp"
#include "storage/common/account_rows.hpp"
#include "storage/common/store_rules.hpp"

namespace chatter::storage::postgres {

namespace {

using common::ascii_lower;
using common::check_role;
using common::kUserColumns;
using common::read_user;

// Serialises the "at least one superadmin" rule: the first registration, deletions, role changes.
constexpr std::string_view kRolesLock = "users.roles";

std::optional<UserRecord> one_user(Tx& tx, const std::string& where, int64_t id) {
    const auto row = tx.first(std::string(kUserColumns) + where, id);
    return row ? std::optional(read_user(*row)) : std::nullopt;
}

common::RoleCheck role_check(Tx& tx, int64_t id) {
    tx.lock(kRolesLock);
    return common::read_role_check(*tx.first(common::kRoleCheckSql, id));
}

}  // namespace

UserRecord PgUserStore::insert(const NewUser& user, bool first_becomes_superadmin) {
    check_role(user.role);
    return db_.write([&](Tx& tx) {
        UserRecord record = common::record_of(user, unix_now());
        if (first_becomes_superadmin) {
            // Racing first registrations take turns here; the second sees the first's committed row.
            tx.lock(kRolesLock);
            if (!tx.first("SELECT EXISTS (SELECT 1 FROM users)")->column_bool(0)) {
                record.role = "superadmin";
            }
        }
        try {
            record.id = tx.scalar(
                "INSERT INTO users (username, username_key, password_hash, role, email, created_at) "
                "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                record.username,
                ascii_lower(record.username),
                record.password_hash,
                record.role,
                record.email,
                record.created_at
            );
        } catch (const pqxx::unique_violation&) {
            throw common::username_taken();
        }
        return record;
    });
}

std::optional<UserRecord> PgUserStore::fetch_by_id(int64_t id) {
    return db_.read([&](Tx& tx) { return one_user(tx, "WHERE deleted_at IS NULL AND id = $1", id); });
}

std::optional<UserRecord> PgUserStore::fetch_by_name(std::string_view username) {
    return db_.read([&](Tx& tx) -> std::optional<UserRecord> {
        const auto row = tx.first(
            std::string(kUserColumns) + "WHERE deleted_at IS NULL AND username_key = $1", ascii_lower(username)
        );
        return row ? std::optional(read_user(*row)) : std::nullopt;
    });
}

std::vector<UserRecord> PgUserStore::fetch_by_prefix(std::string_view prefix, int limit) {
    const auto range = common::username_key_range(prefix);
    if (limit <= 0 || !range) {
        return {};
    }
    return db_.read([&](Tx& tx) {
        return tx.rows(
            [](const Row& row) { return read_user(row); },
            std::string(kUserColumns) +
                "WHERE deleted_at IS NULL AND username_key >= $1 AND ($2::text IS NULL OR username_key < $2) "
                "ORDER BY username_key LIMIT $3",
            range->low,
            range->high,
            limit
        );
    });
}

int64_t PgUserStore::count() {
    return db_.read([](Tx& tx) { return tx.scalar("SELECT COUNT(*) FROM users WHERE deleted_at IS NULL"); });
}

bool PgUserStore::update_password(int64_t id, const std::string& password_hash) {
    return db_.write([&](Tx& tx) {
        return tx.run("UPDATE users SET password_hash = $1 WHERE id = $2 AND deleted_at IS NULL", password_hash, id) >
               0;
    });
}

bool PgUserStore::update_role(int64_t id, const std::string& role) {
    check_role(role);
    return db_.write([&](Tx& tx) {
        return tx.run("UPDATE users SET role = $1 WHERE id = $2 AND deleted_at IS NULL", role, id) > 0;
    });
}

bool PgUserStore::update_banned(int64_t id, bool banned, const std::optional<std::string>& reason) {
    // An unbanned account keeps no reason: it would otherwise resurface on the next ban.
    const std::optional<std::string> stored_reason = banned ? reason : std::nullopt;
    return db_.write([&](Tx& tx) {
        return tx.run(
                   "UPDATE users SET banned = $1, ban_reason = $2 WHERE id = $3 AND deleted_at IS NULL",
                   banned,
                   stored_reason,
                   id
               ) > 0;
    });
}

AccountChange PgUserStore::delete_account(int64_t id, int64_t now) {
    return db_.write([&](Tx& tx) {
        if (const auto rule = common::superadmin_rule(role_check(tx, id), std::nullopt); rule != AccountChange::kDone) {
            return rule;
        }
        tx.run(
            "UPDATE users SET deleted_at = $1, password_hash = '', email = NULL, role = 'user' WHERE id = $2", now, id
        );
        for (const auto sql : common::kAccountRowDeletions) {
            tx.run(sql, id);
        }
        return AccountChange::kDone;
    });
}

AccountChange PgUserStore::change_role(int64_t id, const std::string& role) {
    check_role(role);
    return db_.write([&](Tx& tx) {
        if (const auto rule = common::superadmin_rule(role_check(tx, id), role); rule != AccountChange::kDone) {
            return rule;
        }
        tx.run("UPDATE users SET role = $1 WHERE id = $2", role, id);
        return AccountChange::kDone;
    });
}

}  // namespace chatter::storage::postgres
