#pragma once
// SQL shapes and row readers of the messaging tables, shared by every backend. The three message
// tables (channel_messages, dm_messages, gdm_messages) have the same columns, so one SELECT shape
// and one row reader serve all of them. `Row`: see account_rows.hpp.

#include <string>
#include <string_view>

#include "storage/channel_store.hpp"
#include "storage/dm_store.hpp"
#include "storage/gdm_store.hpp"
#include "storage/message_record.hpp"

namespace chatter::storage::common {

/// `SELECT ... FROM <table> m` with the author, and the replied-to message joined only when it is in
/// the same conversation (`same_conversation` compares alias r with m). `conversation` is the
/// expression selected as conversation_id; `author` the author's column (`user_id`, DMs: `from_id`).
/// DM selects add the recipient as columns 11 and 12.
std::string message_select(
    std::string_view table, std::string_view conversation, std::string_view same_conversation, bool dm
);

template <class Row>
MessageRecord read_message(const Row& row, bool dm) {
    MessageRecord record{
        .id = row.column_int64(0),
        .conversation_id = row.column_int64(1),
        .user_id = row.column_int64(2),
        .username = row.column_text(3),
        .text = row.column_text(4),
        .attachment = row.column_opt_text(5),
        .reply_to = row.column_opt_int64(6),
        .reply_username = row.column_opt_text(7),
        .reply_text = row.column_opt_text(8),
        .edited_at = row.column_opt_int64(9),
        .created_at = row.column_int64(10),
    };
    if (dm) {
        record.to_user_id = row.column_int64(11);
        record.to_username = row.column_text(12);
    }
    return record;
}

inline constexpr std::string_view kChannelColumns =
    "SELECT id, name, topic, announcements_only, created_at FROM channels ";

template <class Row>
ChannelRecord read_channel(const Row& row) {
    return ChannelRecord{
        .id = row.column_int64(0),
        .name = row.column_text(1),
        .topic = row.column_text(2),
        .announcements_only = row.column_bool(3),
        .created_at = row.column_int64(4),
    };
}

inline constexpr std::string_view kThreadColumns =
    "SELECT t.id, t.name, t.owner_id, o.username, t.created_at, t.locked FROM gdm_threads t "
    "JOIN users o ON o.id = t.owner_id ";

/// A thread without its members (the caller loads them).
template <class Row>
ThreadRecord read_thread(const Row& row) {
    return ThreadRecord{
        .id = row.column_int64(0),
        .name = row.column_text(1),
        .owner_id = row.column_int64(2),
        .owner = row.column_text(3),
        .created_at = row.column_int64(4),
        .locked = row.column_bool(5),
        .members = {},
    };
}

inline constexpr std::string_view kInviteColumns =
    "SELECT code, thread_id, created_by, created_at, expires_at, used_by FROM gdm_invites ";

template <class Row>
InviteRecord read_invite(const Row& row) {
    return InviteRecord{
        .code = row.column_text(0),
        .thread_id = row.column_int64(1),
        .created_by = row.column_int64(2),
        .created_at = row.column_int64(3),
        .expires_at = row.column_int64(4),
        .used_by = row.column_opt_int64(5),
    };
}

inline constexpr std::string_view kDmLogColumns =
    "SELECT l.id, l.dm_id, f.username, t.username, l.text, l.created_at FROM dm_logs l "
    "JOIN users f ON f.id = l.from_id JOIN users t ON t.id = l.to_id ";

template <class Row>
DmLogRecord read_dm_log(const Row& row) {
    return DmLogRecord{
        .id = row.column_int64(0),
        .dm_id = row.column_int64(1),
        .from_user = row.column_text(2),
        .to_user = row.column_text(3),
        .text = row.column_text(4),
        .created_at = row.column_int64(5),
    };
}

}  // namespace chatter::storage::common
