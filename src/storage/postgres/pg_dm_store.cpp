#include "storage/postgres/pg_dm_store.hpp"

#include <algorithm>

#include "core/time.hpp"
#include "storage/postgres/pg_message_rows.hpp"

namespace chatter::storage::postgres {

namespace {

const std::string& select_dms() {
    static const std::string kSql =
        common::message_select("dm_messages", "0", "r.user_lo = m.user_lo AND r.user_hi = m.user_hi", true);
    return kSql;
}

}  // namespace

MessageRecord PgDmStore::insert(const NewMessage& message, bool log) {
    return db_.write([&](Tx& tx) {
        const int64_t now = unix_now();
        const int64_t id = tx.scalar(
            "INSERT INTO dm_messages (from_id, to_id, user_lo, user_hi, text, attachment, reply_to, created_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            message.user_id,
            message.to_user_id,
            std::min(message.user_id, message.to_user_id),
            std::max(message.user_id, message.to_user_id),
            message.text,
            message.attachment,
            message.reply_to,
            now
        );
        if (log) {
            tx.run(
                "INSERT INTO dm_logs (dm_id, from_id, to_id, text, created_at) VALUES ($1, $2, $3, $4, $5)",
                id,
                message.user_id,
                message.to_user_id,
                message.text,
                now
            );
        }
        return *message_by_id(tx, select_dms(), id, true);
    });
}

std::optional<MessageRecord> PgDmStore::fetch(int64_t id) {
    return db_.read([&](Tx& tx) { return message_by_id(tx, select_dms(), id, true); });
}

std::vector<MessageRecord> PgDmStore::fetch_conversation(int64_t user_a, int64_t user_b, const PageQuery& page) {
    return db_.read([&](Tx& tx) {
        return page_oldest_first(
            tx.exec(
                select_dms() + "WHERE m.user_lo = $1 AND m.user_hi = $2 AND ($3::bigint IS NULL OR m.id < $3) "
                               "ORDER BY m.id DESC LIMIT $4",
                std::min(user_a, user_b),
                std::max(user_a, user_b),
                page.before,
                page.limit
            ),
            true
        );
    });
}

std::vector<std::string> PgDmStore::peers(int64_t user_id) {
    return db_.read([&](Tx& tx) {
        return tx.rows(
            [](const Row& row) { return row.column_text(0); },
            "SELECT u.username FROM ("
            "  SELECT to_id AS peer, MAX(id) AS last FROM dm_messages WHERE from_id = $1 GROUP BY to_id"
            "  UNION ALL"
            "  SELECT from_id AS peer, MAX(id) AS last FROM dm_messages WHERE to_id = $1 GROUP BY from_id"
            ") p JOIN users u ON u.id = p.peer GROUP BY p.peer, u.username ORDER BY MAX(p.last) DESC",
            user_id
        );
    });
}

std::optional<MessageRecord> PgDmStore::update_text(int64_t id, const std::string& text, int64_t edited_at) {
    return db_.write([&](Tx& tx) {
        return postgres::update_message_text(tx, "dm_messages", select_dms(), id, text, edited_at, true);
    });
}

bool PgDmStore::remove(int64_t id) {
    return db_.write([&](Tx& tx) { return postgres::remove_message(tx, "dm_messages", id); });
}

std::vector<DmLogRecord> PgDmStore::fetch_logs(int64_t user_id, const PageQuery& page) {
    return db_.read([&](Tx& tx) {
        auto logs = tx.rows(
            [](const Row& row) { return common::read_dm_log(row); },
            std::string(common::kDmLogColumns) +
                "WHERE (l.from_id = $1 OR l.to_id = $1) AND ($2::bigint IS NULL OR l.id < $2) "
                "ORDER BY l.id DESC LIMIT $3",
            user_id,
            page.before,
            page.limit
        );
        std::reverse(logs.begin(), logs.end());
        return logs;
    });
}

std::string PgDmStore::allow_dms(int64_t user_id) {
    return db_.read([&](Tx& tx) {
        const auto row = tx.first("SELECT allow_dms FROM user_settings WHERE user_id = $1", user_id);
        return row ? row->column_text(0) : std::string("everyone");
    });
}

void PgDmStore::set_allow_dms(int64_t user_id, const std::string& value) {
    db_.write([&](Tx& tx) {
        tx.run(
            "INSERT INTO user_settings (user_id, allow_dms) VALUES ($1, $2) "
            "ON CONFLICT (user_id) DO UPDATE SET allow_dms = excluded.allow_dms",
            user_id,
            value
        );
    });
}

}  // namespace chatter::storage::postgres
