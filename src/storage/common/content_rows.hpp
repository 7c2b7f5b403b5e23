#pragma once
// Column lists and row readers of documents, files and custom channels, shared by every backend.
// `Row`: see account_rows.hpp.

#include <string_view>

#include "storage/custom_channel_store.hpp"
#include "storage/doc_store.hpp"
#include "storage/file_store.hpp"

namespace chatter::storage::common {

/// Columns 0-9 of a document; list queries select '' and 0 for the snapshot columns 2 and 9.
inline constexpr std::string_view kDocColumns =
    "SELECT d.id, d.name, s.content, d.created_by, c.username, d.created_at, e.username, d.last_edited_at, "
    "d.revision, s.revision FROM docs d JOIN doc_snapshots s ON s.doc_id = d.id JOIN users c ON c.id = "
    "d.created_by LEFT JOIN users e ON e.id = d.last_edited_by ";

template <class Row>
DocRecord read_doc(const Row& row) {
    return DocRecord{
        .id = row.column_int64(0),
        .name = row.column_text(1),
        .content = row.column_text(2),
        .content_revision = row.column_int64(9),
        .created_by_id = row.column_int64(3),
        .created_by = row.column_text(4),
        .created_at = row.column_int64(5),
        .last_edited_by = row.column_opt_text(6),
        .last_edited_at = row.column_int64(7),
        .revision = row.column_int64(8),
        .role = {},
    };
}

inline constexpr std::string_view kRevisionColumns =
    "SELECT r.revision, u.username, r.op, r.length, r.created_at FROM doc_revisions r "
    "LEFT JOIN users u ON u.id = r.user_id ";

template <class Row>
DocRevisionRecord read_revision(const Row& row) {
    return DocRevisionRecord{
        .revision = row.column_int64(0),
        .username = row.column_opt_text(1),
        .op = row.column_text(2),
        .length = row.column_int64(3),
        .created_at = row.column_int64(4),
    };
}

template <class Row>
DocMemberRecord read_doc_member(const Row& row) {
    return DocMemberRecord{
        .user_id = row.column_int64(0),
        .username = row.column_text(1),
        .role = row.column_text(2),
        .added_at = row.column_int64(3),
    };
}

inline constexpr std::string_view kFileColumns =
    "SELECT f.id, f.name, f.size, f.mime_type, f.owner_id, u.username, f.created_at, f.expires_at "
    "FROM files f JOIN users u ON u.id = f.owner_id ";

template <class Row>
FileRecord read_file(const Row& row) {
    return FileRecord{
        .id = row.column_text(0),
        .name = row.column_text(1),
        .size = row.column_int64(2),
        .mime_type = row.column_text(3),
        .owner_id = row.column_int64(4),
        .owner = row.column_text(5),
        .created_at = row.column_int64(6),
        .expires_at = row.column_int64(7),
    };
}

/// Selects a custom channel with the acceptance of one viewer, whom the caller binds in the join
/// (`viewer` is that placeholder: ":viewer" for SQLite, "$1" for PostgreSQL).
inline std::string custom_channel_select(std::string_view viewer) {
    std::string sql =
        "SELECT c.id, c.name, c.url, c.owner_id, u.username, c.enabled, c.shared, c.sha256, c.script_size, "
        "c.created_at, c.fetched_at, a.sha256 FROM custom_channels c JOIN users u ON u.id = c.owner_id "
        "LEFT JOIN custom_channel_acceptances a ON a.channel_id = c.id AND a.user_id = ";
    sql.append(viewer).append(" ");
    return sql;
}

template <class Row>
CustomChannelRecord read_custom_channel(const Row& row) {
    return CustomChannelRecord{
        .id = row.column_int64(0),
        .name = row.column_text(1),
        .url = row.column_text(2),
        .owner_id = row.column_int64(3),
        .owner = row.column_text(4),
        .enabled = row.column_bool(5),
        .shared = row.column_bool(6),
        .sha256 = row.column_text(7),
        .script_size = row.column_int64(8),
        .created_at = row.column_int64(9),
        .fetched_at = row.column_int64(10),
        .accepted_sha256 = row.column_opt_text(11),
    };
}

}  // namespace chatter::storage::common
