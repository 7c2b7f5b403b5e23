#include "storage/sqlite/sqlite_read_marker_store.hpp"

#include <array>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"

namespace chatter::storage::sqlite {

namespace {

// Every query below binds :me (the reader), :cap (kUnreadCountCap) and reads the conversation id
// from a column or parameter named `conv`. Counting goes through LIMIT :cap so a never-read
// conversation costs at most kUnreadCountCap index steps.
struct KindSql {
    std::string_view kind;
    std::string_view unread;  // messages by others after `after` in `conv`, capped
    std::string_view latest;  // newest message id in `conv`
};

constexpr std::array kKinds{
    KindSql{
        "channel",
        "(SELECT COUNT(*) FROM (SELECT 1 FROM channel_messages m WHERE m.channel_id = conv AND m.id > after "
        "AND m.user_id <> :me LIMIT :cap))",
        "(SELECT MAX(m.id) FROM channel_messages m WHERE m.channel_id = conv)",
    },
    KindSql{
        "dm",
        "(SELECT COUNT(*) FROM (SELECT 1 FROM dm_messages m WHERE m.to_id = :me AND m.from_id = conv "
        "AND m.id > after LIMIT :cap))",
        "(SELECT MAX(m.id) FROM dm_messages m WHERE m.user_lo = MIN(conv, :me) AND m.user_hi = MAX(conv, :me))",
    },
    KindSql{
        "gdm",
        "(SELECT COUNT(*) FROM (SELECT 1 FROM gdm_messages m WHERE m.thread_id = conv AND m.id > after "
        "AND m.user_id <> :me LIMIT :cap))",
        "(SELECT MAX(m.id) FROM gdm_messages m WHERE m.thread_id = conv)",
    },
};

const KindSql& kind_sql(const std::string& kind) {
    for (const auto& k : kKinds) {
        if (k.kind == kind) {
            return k;
        }
    }
    throw Error(Errc::kInternal, "Unknown conversation kind.", "internal");
}

// The conversations of :me per kind, as rows (conv, name): every channel, every user who sent :me a
// DM (found by skipping through the (to_id, from_id, id) index one sender at a time), every group
// :me is a member of.
std::string_view conversations_of(std::string_view kind) {
    if (kind == "channel") {
        return "SELECT c.id AS conv, c.name AS name FROM channels c";
    }
    if (kind == "dm") {
        return "SELECT s.p AS conv, u.username AS name FROM senders s JOIN users u ON u.id = s.p";
    }
    return "SELECT gm.thread_id AS conv, '' AS name FROM gdm_members gm WHERE gm.user_id = :me";
}

constexpr std::string_view kSenders =
    "WITH RECURSIVE senders(p) AS ("
    " SELECT (SELECT MIN(from_id) FROM dm_messages WHERE to_id = :me)"
    " UNION ALL"
    " SELECT (SELECT MIN(from_id) FROM dm_messages WHERE to_id = :me AND from_id > p) FROM senders"
    " WHERE p IS NOT NULL) ";

}  // namespace

int64_t SqliteReadMarkerStore::advance(int64_t user_id, const ConversationRef& conversation, int64_t message_id) {
    return db_.write([&](Connection& conn) {
        conn.prepare(
                "INSERT INTO read_markers (user_id, kind, conversation_id, last_read_id, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, kind, conversation_id) DO UPDATE SET "
                "last_read_id = excluded.last_read_id, updated_at = excluded.updated_at "
                "WHERE excluded.last_read_id > read_markers.last_read_id"
        )
            .bind(1, user_id)
            .bind(2, conversation.kind)
            .bind(3, conversation.id)
            .bind(4, message_id)
            .bind(5, unix_now())
            .run();
        auto stmt =
            conn.prepare("SELECT last_read_id FROM read_markers WHERE user_id = ? AND kind = ? AND conversation_id = ?"
            );
        stmt.bind(1, user_id).bind(2, conversation.kind).bind(3, conversation.id);
        return stmt.step() ? stmt.column_int64(0) : int64_t{0};
    });
}

UnreadRecord SqliteReadMarkerStore::unread(int64_t user_id, const ConversationRef& conversation) {
    const auto& k = kind_sql(conversation.kind);
    std::string sql{"SELECT after, "};
    sql.append(k.unread)
        .append(", COALESCE(")
        .append(k.latest)
        .append(", 0) FROM (SELECT :conv AS conv, COALESCE((SELECT last_read_id FROM read_markers WHERE user_id = ")
        .append(":me AND kind = :kind AND conversation_id = :conv), 0) AS after)");
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(sql);
        stmt.bind(":me", user_id)
            .bind(":cap", kUnreadCountCap)
            .bind(":conv", conversation.id)
            .bind(":kind", conversation.kind);
        UnreadRecord out{.conversation = conversation};
        if (stmt.step()) {
            out.last_read_id = stmt.column_int64(0);
            out.unread = stmt.column_int64(1);
            out.latest_id = stmt.column_int64(2);
        }
        return out;
    });
}

std::vector<UnreadRecord> SqliteReadMarkerStore::unread_all(int64_t user_id) {
    return db_.read([&](Connection& conn) {
        std::vector<UnreadRecord> out;
        for (const auto& k : kKinds) {
            std::string sql{k.kind == "dm" ? kSenders : ""};
            sql.append("SELECT conv, name, after, n, latest FROM (SELECT conv, name, after, ")
                .append(k.unread)
                .append(" AS n, COALESCE(")
                .append(k.latest)
                .append(", 0) AS latest FROM (SELECT v.conv, v.name, COALESCE(r.last_read_id, 0) AS after FROM (")
                .append(conversations_of(k.kind))
                .append(") v LEFT JOIN read_markers r ON r.user_id = :me AND r.kind = :kind AND ")
                .append("r.conversation_id = v.conv)) WHERE n > 0 ORDER BY conv");
            auto stmt = conn.prepare(sql);
            stmt.bind(":me", user_id).bind(":cap", kUnreadCountCap).bind(":kind", k.kind);
            while (stmt.step()) {
                out.push_back(UnreadRecord{
                    .conversation = ConversationRef{.kind = std::string{k.kind}, .id = stmt.column_int64(0)},
                    .name = stmt.column_text(1),
                    .unread = stmt.column_int64(3),
                    .last_read_id = stmt.column_int64(2),
                    .latest_id = stmt.column_int64(4),
                });
            }
        }
        return out;
    });
}

}  // namespace chatter::storage::sqlite
