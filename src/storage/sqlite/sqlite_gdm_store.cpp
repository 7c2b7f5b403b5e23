#include "storage/sqlite/sqlite_gdm_store.hpp"

#include "core/time.hpp"
#include "storage/common/store_rules.hpp"
#include "storage/sqlite/sqlite_message_rows.hpp"

namespace chatter::storage::sqlite {

namespace {

using common::kThreadColumns;
using common::read_thread;

void load_members(Connection& conn, ThreadRecord& thread) {
    auto stmt = conn.prepare(
        "SELECT u.username FROM gdm_members m JOIN users u ON u.id = m.user_id WHERE m.thread_id = ? "
        "ORDER BY u.username_key"
    );
    stmt.bind(1, thread.id);
    while (stmt.step()) {
        thread.members.push_back(stmt.column_text(0));
    }
}

std::optional<ThreadRecord> thread_by_id(Connection& conn, int64_t id) {
    auto stmt = conn.prepare(std::string(kThreadColumns) + "WHERE t.id = ?");
    stmt.bind(1, id);
    if (!stmt.step()) {
        return std::nullopt;
    }
    auto thread = read_thread(stmt);
    load_members(conn, thread);
    return thread;
}

const std::string& select_messages() {
    static const std::string kSql =
        common::message_select("gdm_messages", "m.thread_id", "r.thread_id = m.thread_id", false);
    return kSql;
}

std::optional<MessageRecord> message_by_id(Connection& conn, int64_t id) {
    auto stmt = conn.prepare(select_messages() + "WHERE m.id = ?");
    stmt.bind(1, id);
    if (!stmt.step()) {
        return std::nullopt;
    }
    return common::read_message(stmt, false);
}

bool add_member(Connection& conn, int64_t thread_id, int64_t user_id, int64_t now) {
    conn.prepare("DELETE FROM gdm_bans WHERE thread_id = ? AND user_id = ?").bind(1, thread_id).bind(2, user_id).run();
    return conn.prepare("INSERT OR IGNORE INTO gdm_members (thread_id, user_id, joined_at) VALUES (?, ?, ?)")
               .bind(1, thread_id)
               .bind(2, user_id)
               .bind(3, now)
               .run() > 0;
}

bool exists(Connection& conn, std::string_view sql, int64_t a, int64_t b) {
    auto stmt = conn.prepare(sql);
    stmt.bind(1, a).bind(2, b);
    return stmt.step();
}

}  // namespace

ThreadRecord SqliteGdmStore::create(const std::string& name, int64_t owner_id, const std::vector<int64_t>& member_ids) {
    return db_.write([&](Connection& conn) {
        const int64_t now = unix_now();
        conn.prepare("INSERT INTO gdm_threads (name, owner_id, created_at, last_activity_at) VALUES (?, ?, ?, ?)")
            .bind(1, name)
            .bind(2, owner_id)
            .bind(3, now)
            .bind(4, now)
            .run();
        const int64_t id = conn.last_insert_rowid();
        add_member(conn, id, owner_id, now);
        for (int64_t member : member_ids) {
            add_member(conn, id, member, now);
        }
        return *thread_by_id(conn, id);
    });
}

std::optional<ThreadRecord> SqliteGdmStore::fetch(int64_t thread_id) {
    return db_.read([&](Connection& conn) { return thread_by_id(conn, thread_id); });
}

std::vector<ThreadRecord> SqliteGdmStore::threads_for(int64_t user_id) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            std::string(kThreadColumns) +
            "JOIN gdm_members me ON me.thread_id = t.id AND me.user_id = ? ORDER BY t.last_activity_at DESC, "
            "(SELECT MAX(g.id) FROM gdm_messages g WHERE g.thread_id = t.id) DESC NULLS LAST, t.id DESC"
        );
        stmt.bind(1, user_id);
        std::vector<ThreadRecord> threads;
        while (stmt.step()) {
            threads.push_back(read_thread(stmt));
        }
        for (auto& thread : threads) {
            load_members(conn, thread);
        }
        return threads;
    });
}

bool SqliteGdmStore::is_member(int64_t thread_id, int64_t user_id) {
    return db_.read([&](Connection& conn) {
        return exists(conn, "SELECT 1 FROM gdm_members WHERE thread_id = ? AND user_id = ?", thread_id, user_id);
    });
}

bool SqliteGdmStore::is_banned(int64_t thread_id, int64_t user_id) {
    return db_.read([&](Connection& conn) {
        return exists(conn, "SELECT 1 FROM gdm_bans WHERE thread_id = ? AND user_id = ?", thread_id, user_id);
    });
}

void SqliteGdmStore::rename(int64_t thread_id, const std::string& name) {
    db_.write([&](Connection& conn) {
        conn.prepare("UPDATE gdm_threads SET name = ? WHERE id = ?").bind(1, name).bind(2, thread_id).run();
    });
}

void SqliteGdmStore::set_locked(int64_t thread_id, bool locked) {
    db_.write([&](Connection& conn) {
        conn.prepare("UPDATE gdm_threads SET locked = ? WHERE id = ?").bind(1, locked).bind(2, thread_id).run();
    });
}

void SqliteGdmStore::set_owner(int64_t thread_id, int64_t user_id) {
    db_.write([&](Connection& conn) {
        conn.prepare("UPDATE gdm_threads SET owner_id = ? WHERE id = ?").bind(1, user_id).bind(2, thread_id).run();
    });
}

std::vector<int64_t> SqliteGdmStore::add_members(int64_t thread_id, const std::vector<int64_t>& user_ids) {
    return db_.write([&](Connection& conn) {
        const int64_t now = unix_now();
        std::vector<int64_t> added;
        for (int64_t user : user_ids) {
            if (add_member(conn, thread_id, user, now)) {
                added.push_back(user);
            }
        }
        return added;
    });
}

bool SqliteGdmStore::remove_member(int64_t thread_id, int64_t user_id, bool ban) {
    return db_.write([&](Connection& conn) {
        const bool removed = conn.prepare("DELETE FROM gdm_members WHERE thread_id = ? AND user_id = ?")
                                 .bind(1, thread_id)
                                 .bind(2, user_id)
                                 .run() > 0;
        if (removed && ban) {
            conn.prepare("INSERT OR IGNORE INTO gdm_bans (thread_id, user_id, created_at) VALUES (?, ?, ?)")
                .bind(1, thread_id)
                .bind(2, user_id)
                .bind(3, unix_now())
                .run();
        }
        return removed;
    });
}

bool SqliteGdmStore::remove(int64_t thread_id) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM gdm_threads WHERE id = ?").bind(1, thread_id).run() > 0;
    });
}

MessageRecord SqliteGdmStore::insert_message(const NewMessage& message) {
    return db_.write([&](Connection& conn) {
        const int64_t now = unix_now();
        conn.prepare(
                "INSERT INTO gdm_messages (thread_id, user_id, text, attachment, reply_to, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)"
        )
            .bind(1, message.conversation_id)
            .bind(2, message.user_id)
            .bind(3, message.text)
            .bind(4, message.attachment)
            .bind(5, message.reply_to)
            .bind(6, now)
            .run();
        const int64_t id = conn.last_insert_rowid();
        conn.prepare("UPDATE gdm_threads SET last_activity_at = ? WHERE id = ?")
            .bind(1, now)
            .bind(2, message.conversation_id)
            .run();
        return *message_by_id(conn, id);
    });
}

std::optional<MessageRecord> SqliteGdmStore::fetch_message(int64_t id) {
    return db_.read([&](Connection& conn) { return message_by_id(conn, id); });
}

std::vector<MessageRecord> SqliteGdmStore::fetch_messages(int64_t thread_id, const PageQuery& page) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            select_messages() +
            "WHERE m.thread_id = :conv AND (:before IS NULL OR m.id < :before) ORDER BY m.id DESC LIMIT :limit"
        );
        stmt.bind(":conv", thread_id).bind(":before", page.before).bind(":limit", page.limit);
        return detail::read_page_newest_first(stmt, false);
    });
}

std::optional<MessageRecord> SqliteGdmStore::update_message_text(
    int64_t id, const std::string& text, int64_t edited_at
) {
    return db_.write([&](Connection& conn) -> std::optional<MessageRecord> {
        if (conn.prepare("UPDATE gdm_messages SET text = ?, edited_at = ? WHERE id = ?")
                .bind(1, text)
                .bind(2, edited_at)
                .bind(3, id)
                .run() == 0) {
            return std::nullopt;
        }
        return message_by_id(conn, id);
    });
}

bool SqliteGdmStore::remove_message(int64_t id) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM gdm_messages WHERE id = ?").bind(1, id).run() > 0;
    });
}

InviteRecord SqliteGdmStore::create_invite(const InviteRecord& invite) {
    return db_.write([&](Connection& conn) {
        try {
            conn.prepare(
                    "INSERT INTO gdm_invites (code, thread_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, "
                    "?)"
            )
                .bind(1, invite.code)
                .bind(2, invite.thread_id)
                .bind(3, invite.created_by)
                .bind(4, invite.created_at)
                .bind(5, invite.expires_at)
                .run();
        } catch (const SqliteError& e) {
            if (e.is_unique_violation()) {
                throw common::invite_exists();
            }
            throw;
        }
        InviteRecord stored = invite;
        stored.used_by.reset();
        return stored;
    });
}

std::optional<InviteRecord> SqliteGdmStore::fetch_invite(const std::string& code) {
    return db_.read([&](Connection& conn) -> std::optional<InviteRecord> {
        auto stmt = conn.prepare(std::string(common::kInviteColumns) + "WHERE code = ?");
        stmt.bind(1, code);
        if (!stmt.step()) {
            return std::nullopt;
        }
        return common::read_invite(stmt);
    });
}

bool SqliteGdmStore::claim_invite(const std::string& code, int64_t user_id, int64_t now) {
    return db_.write([&](Connection& conn) {
        // The conditional UPDATE is the single-use guarantee: only one claim can change the row.
        if (conn.prepare("UPDATE gdm_invites SET used_by = ?, used_at = ? WHERE code = ? AND used_by IS NULL AND "
                         "used_at IS NULL AND expires_at > ?")
                .bind(1, user_id)
                .bind(2, now)
                .bind(3, code)
                .bind(4, now)
                .run() == 0) {
            return false;
        }
        auto stmt = conn.prepare("SELECT thread_id FROM gdm_invites WHERE code = ?");
        stmt.bind(1, code);
        stmt.step();
        const int64_t thread_id = stmt.column_int64(0);
        add_member(conn, thread_id, user_id, now);
        return true;
    });
}

}  // namespace chatter::storage::sqlite
