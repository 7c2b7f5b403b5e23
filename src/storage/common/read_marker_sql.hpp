#pragma once
// The unread-count queries of read markers, shared by every backend. They are written in the SQL
// both SQLite and PostgreSQL accept, with parameters named $1..$4 (positional in PostgreSQL,
// named "$1".."$4" in SQLite):
//   $1 the reader's user id   $2 kUnreadCountCap   $3 the conversation kind   $4 the conversation id
// The one difference, two-argument MIN/MAX, is the dialect's.

#include <array>
#include <string>
#include <string_view>

#include "storage/read_marker_store.hpp"

namespace chatter::storage::common {

struct SqlDialect {
    std::string_view least;     // smaller of two values: MIN (SQLite), LEAST (PostgreSQL)
    std::string_view greatest;  // larger of two values: MAX (SQLite), GREATEST (PostgreSQL)
};

/// "channel", "dm", "gdm".
inline constexpr std::array<std::string_view, 3> kConversationKinds{"channel", "dm", "gdm"};

/// One row (last_read_id, unread, latest_id) for conversation $4 of kind $3 (a kConversationKinds
/// entry; anything else throws Error kInternal). Uses $1..$4.
std::string unread_sql(std::string_view kind, const SqlDialect& dialect);

/// Rows (conversation id, name, last_read_id, unread, latest_id) for every conversation of kind $3
/// of the reader with at least one unread message, by conversation id. Uses $1..$3.
std::string unread_all_sql(std::string_view kind, const SqlDialect& dialect);

/// A row of unread_sql() into `out` (whose conversation is set).
template <class Row>
void read_unread(const Row& row, UnreadRecord& out) {
    out.last_read_id = row.column_int64(0);
    out.unread = row.column_int64(1);
    out.latest_id = row.column_int64(2);
}

/// A row of unread_all_sql().
template <class Row>
UnreadRecord read_unread_all(const Row& row, std::string_view kind) {
    return UnreadRecord{
        .conversation = ConversationRef{.kind = std::string{kind}, .id = row.column_int64(0)},
        .name = row.column_text(1),
        .unread = row.column_int64(3),
        .last_read_id = row.column_int64(2),
        .latest_id = row.column_int64(4),
    };
}

}  // namespace chatter::storage::common
