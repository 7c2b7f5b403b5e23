#pragma once
// Reading and changing messages in PostgreSQL, for the three message tables alike; the SELECT
// shape and row reader are shared with every backend (storage/common/messaging_rows.hpp).

#include <optional>
#include <string>
#include <vector>

#include "storage/common/messaging_rows.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace chatter::storage::postgres {

/// The message with this id from `select` (a common::message_select shape), if any.
inline std::optional<MessageRecord> message_by_id(Tx& tx, const std::string& select, int64_t id, bool dm) {
    const auto row = tx.first(select + "WHERE m.id = $1", id);
    return row ? std::optional(common::read_message(*row, dm)) : std::nullopt;
}

/// A result ordered newest first, as a page ordered oldest first.
inline std::vector<MessageRecord> page_oldest_first(const pqxx::result& result, bool dm) {
    std::vector<MessageRecord> rows;
    rows.reserve(result.size());
    for (auto it = result.rbegin(); it != result.rend(); ++it) {
        rows.push_back(common::read_message(Row(*it), dm));
    }
    return rows;
}

/// The page of conversation `conversation_id` (in column `column` of alias m) that `page` asks for,
/// oldest first.
inline std::vector<MessageRecord> conversation_page(
    Tx& tx, const std::string& select, std::string_view column, int64_t conversation_id, const PageQuery& page
) {
    return page_oldest_first(
        tx.exec(
            select + "WHERE m." + std::string(column) +
                " = $1 AND ($2::bigint IS NULL OR m.id < $2) ORDER BY m.id DESC LIMIT $3",
            conversation_id,
            page.before,
            page.limit
        ),
        false
    );
}

/// Replaces the text of message `id` of `table` and returns it as `select` reads it; nullopt when
/// there is no such message.
inline std::optional<MessageRecord> update_message_text(
    Tx& tx,
    std::string_view table,
    const std::string& select,
    int64_t id,
    const std::string& text,
    int64_t edited_at,
    bool dm
) {
    if (tx.run("UPDATE " + std::string(table) + " SET text = $1, edited_at = $2 WHERE id = $3", text, edited_at, id) ==
        0) {
        return std::nullopt;
    }
    return message_by_id(tx, select, id, dm);
}

/// Deletes message `id` of `table`; false when there was none.
inline bool remove_message(Tx& tx, std::string_view table, int64_t id) {
    return tx.run("DELETE FROM " + std::string(table) + " WHERE id = $1", id) > 0;
}

}  // namespace chatter::storage::postgres
