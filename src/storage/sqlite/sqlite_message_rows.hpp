#pragma once
// Reading a page of messages from an SQLite statement; the SELECT shape and row reader are shared
// with every backend (storage/common/messaging_rows.hpp).

#include <algorithm>
#include <vector>

#include "storage/common/messaging_rows.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace chatter::storage::sqlite::detail {

/// Reads a statement ordered newest first and returns its rows oldest first.
inline std::vector<MessageRecord> read_page_newest_first(Statement& stmt, bool dm) {
    std::vector<MessageRecord> rows;
    while (stmt.step()) {
        rows.push_back(common::read_message(stmt, dm));
    }
    std::reverse(rows.begin(), rows.end());
    return rows;
}

}  // namespace chatter::storage::sqlite::detail
