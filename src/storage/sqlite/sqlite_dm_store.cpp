#include "storage/sqlite/sqlite_dm_store.hpp"

#include <algorithm>

#include "core/time.hpp"
#include "storage/sqlite/sqlite_message_rows.hpp"

namespace chatter::storage::sqlite {

namespace {

const std::string& select_dms() {
    static const std::string kSql =
        common::message_select("dm_messages", "0", "r.user_lo = m.user_lo AND r.user_hi = m.user_hi", true);
    return kSql;
}

std::optional<MessageRecord> dm_by_id(Connection& conn, int64_t id) {
    auto stmt = conn.prepare(select_dms() + "WHERE m.id = ?");
    stmt.bind(1, id);
    if (!stmt.step()) {
        return std::nullopt;
    }
    return common::read_message(stmt, true);
}

}  // namespace

MessageRecord SqliteDmStore::insert(const NewMessage& message, bool log) {
    return db_.write([&](Connection& conn) {
        const int64_t now = unix_now();
        conn.prepare(
                "INSERT INTO dm_messages (from_id, to_id, user_lo, user_hi, text, attachment, reply_to, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )
            .bind(1, message.user_id)
            .bind(2, message.to_user_id)
            .bind(3, std::min(message.user_id, message.to_user_id))
            .bind(4, std::max(message.user_id, message.to_user_id))
            .bind(5, message.text)
            .bind(6, message.attachment)
            .bind(7, message.reply_to)
            .bind(8, now)
            .run();
        const int64_t id = conn.last_insert_rowid();
        if (log) {
            conn.prepare("INSERT INTO dm_logs (dm_id, from_id, to_id, text, created_at) VALUES (?, ?, ?, ?, ?)")
                .bind(1, id)
                .bind(2, message.user_id)
                .bind(3, message.to_user_id)
                .bind(4, message.text)
                .bind(5, now)
                .run();
        }
        return *dm_by_id(conn, id);
    });
}

std::optional<MessageRecord> SqliteDmStore::fetch(int64_t id) {
    return db_.read([&](Connection& conn) { return dm_by_id(conn, id); });
}

std::vector<MessageRecord> SqliteDmStore::fetch_conversation(int64_t user_a, int64_t user_b, const PageQuery& page) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            select_dms() +
            "WHERE m.user_lo = :lo AND m.user_hi = :hi AND (:before IS NULL OR m.id < :before) "
            "ORDER BY m.id DESC LIMIT :limit"
        );
        stmt.bind(":lo", std::min(user_a, user_b))
            .bind(":hi", std::max(user_a, user_b))
            .bind(":before", page.before)
            .bind(":limit", page.limit);
        return detail::read_page_newest_first(stmt, true);
    });
}

std::vector<std::string> SqliteDmStore::peers(int64_t user_id) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            "SELECT u.username FROM ("
            "  SELECT to_id AS peer, MAX(id) AS last FROM dm_messages WHERE from_id = :me GROUP BY to_id"
            "  UNION ALL"
            "  SELECT from_id AS peer, MAX(id) AS last FROM dm_messages WHERE to_id = :me GROUP BY from_id"
            ") p JOIN users u ON u.id = p.peer GROUP BY p.peer ORDER BY MAX(p.last) DESC"
        );
        stmt.bind(":me", user_id);
        std::vector<std::string> names;
        while (stmt.step()) {
            names.push_back(stmt.column_text(0));
        }
        return names;
    });
}

std::optional<MessageRecord> SqliteDmStore::update_text(int64_t id, const std::string& text, int64_t edited_at) {
    return db_.write([&](Connection& conn) -> std::optional<MessageRecord> {
        if (conn.prepare("UPDATE dm_messages SET text = ?, edited_at = ? WHERE id = ?")
                .bind(1, text)
                .bind(2, edited_at)
                .bind(3, id)
                .run() == 0) {
            return std::nullopt;
        }
        return dm_by_id(conn, id);
    });
}

bool SqliteDmStore::remove(int64_t id) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM dm_messages WHERE id = ?").bind(1, id).run() > 0;
    });
}

std::vector<DmLogRecord> SqliteDmStore::fetch_logs(int64_t user_id, const PageQuery& page) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            std::string(common::kDmLogColumns) +
            "WHERE (l.from_id = :user OR l.to_id = :user) AND (:before IS NULL OR l.id < :before) "
            "ORDER BY l.id DESC LIMIT :limit"
        );
        stmt.bind(":user", user_id).bind(":before", page.before).bind(":limit", page.limit);
        std::vector<DmLogRecord> logs;
        while (stmt.step()) {
            logs.push_back(common::read_dm_log(stmt));
        }
        std::reverse(logs.begin(), logs.end());
        return logs;
    });
}

std::string SqliteDmStore::allow_dms(int64_t user_id) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare("SELECT allow_dms FROM user_settings WHERE user_id = ?");
        stmt.bind(1, user_id);
        return stmt.step() ? stmt.column_text(0) : std::string("everyone");
    });
}

void SqliteDmStore::set_allow_dms(int64_t user_id, const std::string& value) {
    db_.write([&](Connection& conn) {
        conn.prepare(
                "INSERT INTO user_settings (user_id, allow_dms) VALUES (?, ?) "
                "ON CONFLICT (user_id) DO UPDATE SET allow_dms = excluded.allow_dms"
        )
            .bind(1, user_id)
            .bind(2, value)
            .run();
    });
}

}  // namespace chatter::storage::sqlite
