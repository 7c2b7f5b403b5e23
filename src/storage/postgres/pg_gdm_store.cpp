#include "storage/postgres/pg_gdm_store.hpp"

#include "core/time.hpp"
#include "storage/common/store_rules.hpp"
#include "storage/postgres/pg_message_rows.hpp"

namespace chatter::storage::postgres {

namespace {

using common::kThreadColumns;

ThreadRecord thread_of(const Row& row) {
    return common::read_thread(row);
}

void load_members(Tx& tx, ThreadRecord& thread) {
    thread.members = tx.rows(
        [](const Row& row) { return row.column_text(0); },
        "SELECT u.username FROM gdm_members m JOIN users u ON u.id = m.user_id WHERE m.thread_id = $1 "
        "ORDER BY u.username_key",
        thread.id
    );
}

std::optional<ThreadRecord> thread_by_id(Tx& tx, int64_t id) {
    const auto row = tx.first(std::string(kThreadColumns) + "WHERE t.id = $1", id);
    if (!row) {
        return std::nullopt;
    }
    auto thread = thread_of(*row);
    load_members(tx, thread);
    return thread;
}

const std::string& select_messages() {
    static const std::string kSql =
        common::message_select("gdm_messages", "m.thread_id", "r.thread_id = m.thread_id", false);
    return kSql;
}

bool add_member(Tx& tx, int64_t thread_id, int64_t user_id, int64_t now) {
    tx.run("DELETE FROM gdm_bans WHERE thread_id = $1 AND user_id = $2", thread_id, user_id);
    return tx.run(
               "INSERT INTO gdm_members (thread_id, user_id, joined_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
               thread_id,
               user_id,
               now
           ) > 0;
}

bool exists(Tx& tx, std::string_view sql, int64_t a, int64_t b) {
    return tx.first(sql, a, b).has_value();
}

}  // namespace

ThreadRecord PgGdmStore::create(const std::string& name, int64_t owner_id, const std::vector<int64_t>& member_ids) {
    return db_.write([&](Tx& tx) {
        const int64_t now = unix_now();
        const int64_t id = tx.scalar(
            "INSERT INTO gdm_threads (name, owner_id, created_at, last_activity_at) VALUES ($1, $2, $3, $3) "
            "RETURNING id",
            name,
            owner_id,
            now
        );
        add_member(tx, id, owner_id, now);
        for (int64_t member : member_ids) {
            add_member(tx, id, member, now);
        }
        return *thread_by_id(tx, id);
    });
}

std::optional<ThreadRecord> PgGdmStore::fetch(int64_t thread_id) {
    return db_.read([&](Tx& tx) { return thread_by_id(tx, thread_id); });
}

std::vector<ThreadRecord> PgGdmStore::threads_for(int64_t user_id) {
    return db_.read([&](Tx& tx) {
        auto threads = tx.rows(
            thread_of,
            std::string(kThreadColumns) +
                "JOIN gdm_members me ON me.thread_id = t.id AND me.user_id = $1 ORDER BY t.last_activity_at DESC, "
                "(SELECT MAX(g.id) FROM gdm_messages g WHERE g.thread_id = t.id) DESC NULLS LAST, t.id DESC",
            user_id
        );
        for (auto& thread : threads) {
            load_members(tx, thread);
        }
        return threads;
    });
}

bool PgGdmStore::is_member(int64_t thread_id, int64_t user_id) {
    return db_.read([&](Tx& tx) {
        return exists(tx, "SELECT 1 FROM gdm_members WHERE thread_id = $1 AND user_id = $2", thread_id, user_id);
    });
}

bool PgGdmStore::is_banned(int64_t thread_id, int64_t user_id) {
    return db_.read([&](Tx& tx) {
        return exists(tx, "SELECT 1 FROM gdm_bans WHERE thread_id = $1 AND user_id = $2", thread_id, user_id);
    });
}

void PgGdmStore::rename(int64_t thread_id, const std::string& name) {
    db_.write([&](Tx& tx) { tx.run("UPDATE gdm_threads SET name = $1 WHERE id = $2", name, thread_id); });
}

void PgGdmStore::set_locked(int64_t thread_id, bool locked) {
    db_.write([&](Tx& tx) { tx.run("UPDATE gdm_threads SET locked = $1 WHERE id = $2", locked, thread_id); });
}

void PgGdmStore::set_owner(int64_t thread_id, int64_t user_id) {
    db_.write([&](Tx& tx) { tx.run("UPDATE gdm_threads SET owner_id = $1 WHERE id = $2", user_id, thread_id); });
}

std::vector<int64_t> PgGdmStore::add_members(int64_t thread_id, const std::vector<int64_t>& user_ids) {
    return db_.write([&](Tx& tx) {
        const int64_t now = unix_now();
        std::vector<int64_t> added;
        for (int64_t user : user_ids) {
            if (add_member(tx, thread_id, user, now)) {
                added.push_back(user);
            }
        }
        return added;
    });
}

bool PgGdmStore::remove_member(int64_t thread_id, int64_t user_id, bool ban) {
    return db_.write([&](Tx& tx) {
        const bool removed =
            tx.run("DELETE FROM gdm_members WHERE thread_id = $1 AND user_id = $2", thread_id, user_id) > 0;
        if (removed && ban) {
            tx.run(
                "INSERT INTO gdm_bans (thread_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                thread_id,
                user_id,
                unix_now()
            );
        }
        return removed;
    });
}

bool PgGdmStore::remove(int64_t thread_id) {
    return db_.write([&](Tx& tx) { return tx.run("DELETE FROM gdm_threads WHERE id = $1", thread_id) > 0; });
}

MessageRecord PgGdmStore::insert_message(const NewMessage& message) {
    return db_.write([&](Tx& tx) {
        const int64_t now = unix_now();
        const int64_t id = tx.scalar(
            "INSERT INTO gdm_messages (thread_id, user_id, text, attachment, reply_to, created_at) "
            "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            message.conversation_id,
            message.user_id,
            message.text,
            message.attachment,
            message.reply_to,
            now
        );
        tx.run("UPDATE gdm_threads SET last_activity_at = $1 WHERE id = $2", now, message.conversation_id);
        return *message_by_id(tx, select_messages(), id, false);
    });
}

std::optional<MessageRecord> PgGdmStore::fetch_message(int64_t id) {
    return db_.read([&](Tx& tx) { return message_by_id(tx, select_messages(), id, false); });
}

std::vector<MessageRecord> PgGdmStore::fetch_messages(int64_t thread_id, const PageQuery& page) {
    return db_.read([&](Tx& tx) { return conversation_page(tx, select_messages(), "thread_id", thread_id, page); });
}

std::optional<MessageRecord> PgGdmStore::update_message_text(int64_t id, const std::string& text, int64_t edited_at) {
    return db_.write([&](Tx& tx) {
        return postgres::update_message_text(tx, "gdm_messages", select_messages(), id, text, edited_at, false);
    });
}

bool PgGdmStore::remove_message(int64_t id) {
    return db_.write([&](Tx& tx) { return postgres::remove_message(tx, "gdm_messages", id); });
}

InviteRecord PgGdmStore::create_invite(const InviteRecord& invite) {
    return db_.write([&](Tx& tx) {
        try {
            tx.run(
                "INSERT INTO gdm_invites (code, thread_id, created_by, created_at, expires_at) "
                "VALUES ($1, $2, $3, $4, $5)",
                invite.code,
                invite.thread_id,
                invite.created_by,
                invite.created_at,
                invite.expires_at
            );
        } catch (const pqxx::unique_violation&) {
            throw common::invite_exists();
        }
        InviteRecord stored = invite;
        stored.used_by.reset();
        return stored;
    });
}

std::optional<InviteRecord> PgGdmStore::fetch_invite(const std::string& code) {
    return db_.read([&](Tx& tx) -> std::optional<InviteRecord> {
        const auto row = tx.first(std::string(common::kInviteColumns) + "WHERE code = $1", code);
        return row ? std::optional(common::read_invite(*row)) : std::nullopt;
    });
}

bool PgGdmStore::claim_invite(const std::string& code, int64_t user_id, int64_t now) {
    return db_.write([&](Tx& tx) {
        // The conditional UPDATE is the single-use guarantee: a second claim waits for the first's
        // row lock, then finds the code used.
        const auto claimed = tx.first(
            "UPDATE gdm_invites SET used_by = $1, used_at = $2 WHERE code = $3 AND used_by IS NULL AND "
            "used_at IS NULL AND expires_at > $2 RETURNING thread_id",
            user_id,
            now,
            code
        );
        if (!claimed) {
            return false;
        }
        add_member(tx, claimed->column_int64(0), user_id, now);
        return true;
    });
}

}  // namespace chatter::storage::postgres
