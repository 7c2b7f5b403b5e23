#include "storage/common/messaging_rows.hpp"

namespace chatter::storage::common {

std::string message_select(
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

}  // namespace chatter::storage::common
