#include "storage/common/read_marker_sql.hpp"

#include "core/error.hpp"

namespace chatter::storage::common {

namespace {

// Counting goes through LIMIT $2 so a never-read conversation costs at most kUnreadCountCap index
// steps. Both expressions read the conversation id from a column named `conv` and the marker from
// one named `after`.
std::string unread_expression(std::string_view kind) {
    if (kind == "channel") {
        return "(SELECT COUNT(*) FROM (SELECT 1 FROM channel_messages m WHERE m.channel_id = conv AND m.id > after "
               "AND m.user_id <> $1 LIMIT $2) capped)";
    }
    if (kind == "dm") {
        return "(SELECT COUNT(*) FROM (SELECT 1 FROM dm_messages m WHERE m.to_id = $1 AND m.from_id = conv "
               "AND m.id > after LIMIT $2) capped)";
    }
    if (kind == "gdm") {
        return "(SELECT COUNT(*) FROM (SELECT 1 FROM gdm_messages m WHERE m.thread_id = conv AND m.id > after "
               "AND m.user_id <> $1 LIMIT $2) capped)";
    }
    throw Error(Errc::kInternal, "Unknown conversation kind.", "internal");
}

std::string latest_expression(std::string_view kind, const SqlDialect& dialect) {
    if (kind == "channel") {
        return "(SELECT MAX(m.id) FROM channel_messages m WHERE m.channel_id = conv)";
    }
    if (kind == "dm") {
        return std::string("(SELECT MAX(m.id) FROM dm_messages m WHERE m.user_lo = ")
            .append(dialect.least)
            .append("(conv, $1) AND m.user_hi = ")
            .append(dialect.greatest)
            .append("(conv, $1))");
    }
    return "(SELECT MAX(m.id) FROM gdm_messages m WHERE m.thread_id = conv)";
}

// The conversations of $1 per kind, as rows (conv, name): every channel, every user who sent $1 a
// DM (found by skipping through the (to_id, from_id, id) index one sender at a time), every group
// $1 is a member of.
std::string_view conversations_of(std::string_view kind) {
    if (kind == "channel") {
        return "SELECT c.id AS conv, c.name AS name FROM channels c";
    }
    if (kind == "dm") {
        return "SELECT s.p AS conv, u.username AS name FROM senders s JOIN users u ON u.id = s.p";
    }
    return "SELECT gm.thread_id AS conv, '' AS name FROM gdm_members gm WHERE gm.user_id = $1";
}

constexpr std::string_view kSenders =
    "WITH RECURSIVE senders(p) AS ("
    " SELECT (SELECT MIN(from_id) FROM dm_messages WHERE to_id = $1)"
    " UNION ALL"
    " SELECT (SELECT MIN(from_id) FROM dm_messages WHERE to_id = $1 AND from_id > p) FROM senders"
    " WHERE p IS NOT NULL) ";

}  // namespace

std::string unread_sql(std::string_view kind, const SqlDialect& dialect) {
    return std::string("SELECT after, ")
        .append(unread_expression(kind))
        .append(", COALESCE(")
        .append(latest_expression(kind, dialect))
        .append(", 0) FROM (SELECT CAST($4 AS BIGINT) AS conv, COALESCE((SELECT last_read_id FROM read_markers ")
        .append("WHERE user_id = $1 AND kind = $3 AND conversation_id = $4), 0) AS after) marker");
}

std::string unread_all_sql(std::string_view kind, const SqlDialect& dialect) {
    return std::string(kind == "dm" ? kSenders : "")
        .append("SELECT conv, name, after, n, latest FROM (SELECT conv, name, after, ")
        .append(unread_expression(kind))
        .append(" AS n, COALESCE(")
        .append(latest_expression(kind, dialect))
        .append(", 0) AS latest FROM (SELECT v.conv, v.name, COALESCE(r.last_read_id, 0) AS after FROM (")
        .append(conversations_of(kind))
        .append(") v LEFT JOIN read_markers r ON r.user_id = $1 AND r.kind = $3 AND ")
        .append("r.conversation_id = v.conv) markers) counted WHERE n > 0 ORDER BY conv");
}

}  // namespace chatter::storage::common
