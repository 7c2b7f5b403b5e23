#include "storage/sqlite/sqlite_channel_store.hpp"

#include "core/time.hpp"
#include "storage/common/store_rules.hpp"
#include "storage/sqlite/sqlite_message_rows.hpp"

namespace chatter::storage::sqlite {

namespace {

using common::kChannelColumns;
using common::read_channel;

std::optional<ChannelRecord> channel_by_id(Connection& conn, int64_t id) {
    auto stmt = conn.prepare(std::string(kChannelColumns) + "WHERE id = ?");
    stmt.bind(1, id);
    if (!stmt.step()) {
        return std::nullopt;
    }
    return read_channel(stmt);
}

const std::string& select_messages() {
    static const std::string kSql =
        common::message_select("channel_messages", "m.channel_id", "r.channel_id = m.channel_id", false);
    return kSql;
}

std::optional<MessageRecord> message_by_id(Connection& conn, int64_t id) {
    auto stmt = conn.prepare(select_messages() + "WHERE m.id = ?");
    stmt.bind(1, id);
    if (!stmt.step()) {
        return std::nullopt;
    }
    return common::read_message(stmt, false);
}

}  // namespace

std::vector<ChannelRecord> SqliteChannelStore::list() {
    return db_.read([](Connection& conn) {
        auto stmt = conn.prepare(std::string(kChannelColumns) + "ORDER BY name");
        std::vector<ChannelRecord> channels;
        while (stmt.step()) {
            channels.push_back(read_channel(stmt));
        }
        return channels;
    });
}

std::optional<ChannelRecord> SqliteChannelStore::fetch(int64_t id) {
    return db_.read([&](Connection& conn) { return channel_by_id(conn, id); });
}

std::optional<ChannelRecord> SqliteChannelStore::fetch_by_name(const std::string& name) {
    return db_.read([&](Connection& conn) -> std::optional<ChannelRecord> {
        auto stmt = conn.prepare(std::string(kChannelColumns) + "WHERE name = ?");
        stmt.bind(1, name);
        if (!stmt.step()) {
            return std::nullopt;
        }
        return read_channel(stmt);
    });
}

ChannelRecord SqliteChannelStore::insert(const std::string& name, const std::string& topic, bool announcements_only) {
    return db_.write([&](Connection& conn) {
        try {
            conn.prepare("INSERT INTO channels (name, topic, announcements_only, created_at) VALUES (?, ?, ?, ?)")
                .bind(1, name)
                .bind(2, topic)
                .bind(3, announcements_only)
                .bind(4, unix_now())
                .run();
        } catch (const SqliteError& e) {
            if (e.is_unique_violation()) {
                throw common::channel_exists();
            }
            throw;
        }
        return *channel_by_id(conn, conn.last_insert_rowid());
    });
}

std::optional<ChannelRecord> SqliteChannelStore::update(int64_t id, const ChannelChange& change) {
    return db_.write([&](Connection& conn) -> std::optional<ChannelRecord> {
        try {
            conn.prepare(
                    "UPDATE channels SET name = COALESCE(:name, name), topic = COALESCE(:topic, topic), "
                    "announcements_only = COALESCE(:ann, announcements_only) WHERE id = :id"
            )
                .bind(":name", change.name)
                .bind(":topic", change.topic)
                .bind(":ann", change.announcements_only)
                .bind(":id", id)
                .run();
        } catch (const SqliteError& e) {
            if (e.is_unique_violation()) {
                throw common::channel_exists();
            }
            throw;
        }
        return channel_by_id(conn, id);
    });
}

bool SqliteChannelStore::remove(int64_t id) {
    return db_.write([&](Connection& conn) {
        if (!channel_by_id(conn, id)) {
            return false;
        }
        auto count = conn.prepare("SELECT COUNT(*) FROM channels");
        count.step();
        if (count.column_int64(0) <= 1) {
            throw common::last_channel();
        }
        return conn.prepare("DELETE FROM channels WHERE id = ?").bind(1, id).run() > 0;
    });
}

MessageRecord SqliteChannelStore::insert_message(const NewMessage& message) {
    return db_.write([&](Connection& conn) {
        conn.prepare(
                "INSERT INTO channel_messages (channel_id, user_id, text, attachment, reply_to, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)"
        )
            .bind(1, message.conversation_id)
            .bind(2, message.user_id)
            .bind(3, message.text)
            .bind(4, message.attachment)
            .bind(5, message.reply_to)
            .bind(6, unix_now())
            .run();
        return *message_by_id(conn, conn.last_insert_rowid());
    });
}

std::optional<MessageRecord> SqliteChannelStore::fetch_message(int64_t id) {
    return db_.read([&](Connection& conn) { return message_by_id(conn, id); });
}

std::vector<MessageRecord> SqliteChannelStore::fetch_messages(int64_t channel_id, const PageQuery& page) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            select_messages() +
            "WHERE m.channel_id = :conv AND (:before IS NULL OR m.id < :before) ORDER BY m.id DESC LIMIT :limit"
        );
        stmt.bind(":conv", channel_id).bind(":before", page.before).bind(":limit", page.limit);
        return detail::read_page_newest_first(stmt, false);
    });
}

std::optional<MessageRecord> SqliteChannelStore::update_message_text(
    int64_t id, const std::string& text, int64_t edited_at
) {
    return db_.write([&](Connection& conn) -> std::optional<MessageRecord> {
        if (conn.prepare("UPDATE channel_messages SET text = ?, edited_at = ? WHERE id = ?")
                .bind(1, text)
                .bind(2, edited_at)
                .bind(3, id)
                .run() == 0) {
            return std::nullopt;
        }
        return message_by_id(conn, id);
    });
}

bool SqliteChannelStore::remove_message(int64_t id) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM channel_messages WHERE id = ?").bind(1, id).run() > 0;
    });
}

ChannelActivity SqliteChannelStore::activity(int64_t channel_id) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare("SELECT COUNT(*), MAX(created_at) FROM channel_messages WHERE channel_id = ?");
        stmt.bind(1, channel_id);
        stmt.step();
        return ChannelActivity{.message_count = stmt.column_int64(0), .last_message_at = stmt.column_opt_int64(1)};
    });
}

}  // namespace chatter::storage::sqlite
