#include "storage/postgres/pg_read_marker_store.hpp"

#include "core/time.hpp"
#include "storage/common/read_marker_sql.hpp"

namespace chatter::storage::postgres {

namespace {

constexpr common::SqlDialect kDialect{.least = "LEAST", .greatest = "GREATEST"};

}  // namespace

int64_t PgReadMarkerStore::advance(int64_t user_id, const ConversationRef& conversation, int64_t message_id) {
    return db_.write([&](Tx& tx) {
        // The upsert only ever raises the marker; the row lock it takes orders concurrent calls.
        tx.run(
            "INSERT INTO read_markers (user_id, kind, conversation_id, last_read_id, updated_at) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, kind, conversation_id) DO UPDATE SET "
            "last_read_id = excluded.last_read_id, updated_at = excluded.updated_at "
            "WHERE excluded.last_read_id > read_markers.last_read_id",
            user_id,
            conversation.kind,
            conversation.id,
            message_id,
            unix_now()
        );
        return tx.scalar(
            "SELECT last_read_id FROM read_markers WHERE user_id = $1 AND kind = $2 AND conversation_id = $3",
            user_id,
            conversation.kind,
            conversation.id
        );
    });
}

UnreadRecord PgReadMarkerStore::unread(int64_t user_id, const ConversationRef& conversation) {
    const std::string sql = common::unread_sql(conversation.kind, kDialect);
    return db_.read([&](Tx& tx) {
        UnreadRecord out{.conversation = conversation};
        if (const auto row = tx.first(sql, user_id, kUnreadCountCap, conversation.kind, conversation.id)) {
            common::read_unread(*row, out);
        }
        return out;
    });
}

std::vector<UnreadRecord> PgReadMarkerStore::unread_all(int64_t user_id) {
    return db_.read([&](Tx& tx) {
        std::vector<UnreadRecord> out;
        for (const auto kind : common::kConversationKinds) {
            for (const auto& row : tx.exec(common::unread_all_sql(kind, kDialect), user_id, kUnreadCountCap, kind)) {
                out.push_back(common::read_unread_all(Row(row), kind));
            }
        }
        return out;
    });
}

}  // namespace chatter::storage::postgres
