#pragma once
// SQL shared by the three message tables (channel_messages, dm_messages, gdm_messages): they have
// the same columns, so one SELECT shape and one row reader serve all of them.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "storage/message_record.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace chatter::storage::sqlite::detail {

/// `SELECT ... FROM <table> m` with the author, and the replied-to message joined only when it is in
/// the same conversation (`same_conversation` compares alias r with m). `conversation` is the
/// expression selected as conversation_id; `author` the author's column (`user_id`, DMs: `from_id`).
/// DM selects add the recipient as columns 11 and 12.
inline std::string message_select(
    std::string_view table, std::string_view conversation, std::string_view same_conversation, bool dm
) {
    const std::string author = dm ? "from_id" : "user_id";
    std::string sql = "SELECT m.id, ";
    sql += conversation;
    sql += ", m." + author +
           ", u.username, m.text, m.attachment, m.reply_to, ru.username, r.text, m.edited_at, m.created_at";
    if (dm) {
        sql += ", m.to_id, tu.username";
    }
    sql += " FROM ";
    sql += table;
    sql += " m JOIN users u ON u.id = m." + author;
    if (dm) {
        sql += " JOIN users tu ON tu.id = m.to_id";
    }
    sql += " LEFT JOIN ";
    sql += table;
    sql += " r ON r.id = m.reply_to AND ";
    sql += same_conversation;
    sql += " LEFT JOIN users ru ON ru.id = r." + author + " ";
    return sql;
}

inline MessageRecord read_message(const Statement& stmt, bool dm) {
    MessageRecord record{
        .id = stmt.column_int64(0),
        .conversation_id = stmt.column_int64(1),
        .user_id = stmt.column_int64(2),
        .username = stmt.column_text(3),
        .text = stmt.column_text(4),
        .attachment = stmt.column_opt_text(5),
        .reply_to = stmt.column_opt_int64(6),
        .reply_username = stmt.column_opt_text(7),
        .reply_text = stmt.column_opt_text(8),
        .edited_at = stmt.column_opt_int64(9),
        .created_at = stmt.column_int64(10),
    };
    if (dm) {
        record.to_user_id = stmt.column_int64(11);
        record.to_username = stmt.column_text(12);
    }
    return record;
}

/// Reads a statement ordered newest first and returns its rows oldest first.
inline std::vector<MessageRecord> read_page_newest_first(Statement& stmt, bool dm) {
    std::vector<MessageRecord> rows;
    while (stmt.step()) {
        rows.push_back(read_message(stmt, dm));
    }
    std::reverse(rows.begin(), rows.end());
    return rows;
}

}  // namespace chatter::storage::sqlite::detail
