#include "storage/sqlite/sqlite_read_marker_store.hpp"

#include "core/time.hpp"
#include "storage/common/read_marker_sql.hpp"

namespace chatter::storage::sqlite {

namespace {

constexpr common::SqlDialect kDialect{.least = "MIN", .greatest = "MAX"};

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
    const std::string sql = common::unread_sql(conversation.kind, kDialect);
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(sql);
        stmt.bind("$1", user_id).bind("$2", kUnreadCountCap).bind("$3", conversation.kind).bind("$4", conversation.id);
        UnreadRecord out{.conversation = conversation};
        if (stmt.step()) {
            common::read_unread(stmt, out);
        }
        return out;
    });
}

std::vector<UnreadRecord> SqliteReadMarkerStore::unread_all(int64_t user_id) {
    return db_.read([&](Connection& conn) {
        std::vector<UnreadRecord> out;
        for (const auto kind : common::kConversationKinds) {
            auto stmt = conn.prepare(common::unread_all_sql(kind, kDialect));
            stmt.bind("$1", user_id).bind("$2", kUnreadCountCap).bind("$3", kind);
            while (stmt.step()) {
                out.push_back(common::read_unread_all(stmt, kind));
            }
        }
        return out;
    });
}

}  // namespace chatter::storage::sqlite
