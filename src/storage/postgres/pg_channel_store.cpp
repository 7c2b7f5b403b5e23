#include "storage/postgres/pg_channel_store.hpp"

#include "core/time.hpp"
#include "storage/common/store_rules.hpp"
#include "storage/postgres/pg_message_rows.hpp"

namespace chatter::storage::postgres {

namespace {

using common::kChannelColumns;

ChannelRecord channel_of(const Row& row) {
    return common::read_channel(row);
}

std::optional<ChannelRecord> channel_by_id(Tx& tx, int64_t id) {
    const auto row = tx.first(std::string(kChannelColumns) + "WHERE id = $1", id);
    return row ? std::optional(channel_of(*row)) : std::nullopt;
}

const std::string& select_messages() {
    static const std::string kSql =
        common::message_select("channel_messages", "m.channel_id", "r.channel_id = m.channel_id", false);
    return kSql;
}

// Serialises the "never delete the last channel" rule.
constexpr std::string_view kChannelsLock = "channels.count";

}  // namespace

std::vector<ChannelRecord> PgChannelStore::list() {
    return db_.read([](Tx& tx) { return tx.rows(channel_of, std::string(kChannelColumns) + "ORDER BY name"); });
}

std::optional<ChannelRecord> PgChannelStore::fetch(int64_t id) {
    return db_.read([&](Tx& tx) { return channel_by_id(tx, id); });
}

std::optional<ChannelRecord> PgChannelStore::fetch_by_name(const std::string& name) {
    return db_.read([&](Tx& tx) -> std::optional<ChannelRecord> {
        const auto row = tx.first(std::string(kChannelColumns) + "WHERE name = $1", name);
        return row ? std::optional(channel_of(*row)) : std::nullopt;
    });
}

ChannelRecord PgChannelStore::insert(const std::string& name, const std::string& topic, bool announcements_only) {
    return db_.write([&](Tx& tx) {
        try {
            const auto row = tx.first(
                "INSERT INTO channels (name, topic, announcements_only, created_at) VALUES ($1, $2, $3, $4) "
                "RETURNING id, name, topic, announcements_only, created_at",
                name,
                topic,
                announcements_only,
                unix_now()
            );
            return channel_of(*row);
        } catch (const pqxx::unique_violation&) {
            throw common::channel_exists();
        }
    });
}

std::optional<ChannelRecord> PgChannelStore::update(int64_t id, const ChannelChange& change) {
    return db_.write([&](Tx& tx) -> std::optional<ChannelRecord> {
        try {
            const auto row = tx.first(
                "UPDATE channels SET name = COALESCE($1, name), topic = COALESCE($2, topic), "
                "announcements_only = COALESCE($3, announcements_only) WHERE id = $4 "
                "RETURNING id, name, topic, announcements_only, created_at",
                change.name,
                change.topic,
                change.announcements_only,
                id
            );
            return row ? std::optional(channel_of(*row)) : std::nullopt;
        } catch (const pqxx::unique_violation&) {
            throw common::channel_exists();
        }
    });
}

bool PgChannelStore::remove(int64_t id) {
    return db_.write([&](Tx& tx) {
        tx.lock(kChannelsLock);
        if (!channel_by_id(tx, id)) {
            return false;
        }
        if (tx.scalar("SELECT COUNT(*) FROM channels") <= 1) {
            throw common::last_channel();
        }
        return tx.run("DELETE FROM channels WHERE id = $1", id) > 0;
    });
}

MessageRecord PgChannelStore::insert_message(const NewMessage& message) {
    return db_.write([&](Tx& tx) {
        const int64_t id = tx.scalar(
            "INSERT INTO channel_messages (channel_id, user_id, text, attachment, reply_to, created_at) "
            "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            message.conversation_id,
            message.user_id,
            message.text,
            message.attachment,
            message.reply_to,
            unix_now()
        );
        return *message_by_id(tx, select_messages(), id, false);
    });
}

std::optional<MessageRecord> PgChannelStore::fetch_message(int64_t id) {
    return db_.read([&](Tx& tx) { return message_by_id(tx, select_messages(), id, false); });
}

std::vector<MessageRecord> PgChannelStore::fetch_messages(int64_t channel_id, const PageQuery& page) {
    return db_.read([&](Tx& tx) { return conversation_page(tx, select_messages(), "channel_id", channel_id, page); });
}

std::optional<MessageRecord> PgChannelStore::update_message_text(
    int64_t id, const std::string& text, int64_t edited_at
) {
    return db_.write([&](Tx& tx) {
        return postgres::update_message_text(tx, "channel_messages", select_messages(), id, text, edited_at, false);
    });
}

bool PgChannelStore::remove_message(int64_t id) {
    return db_.write([&](Tx& tx) { return postgres::remove_message(tx, "channel_messages", id); });
}

ChannelActivity PgChannelStore::activity(int64_t channel_id) {
    return db_.read([&](Tx& tx) {
        // An aggregate always returns one row.
        const auto row =
            *tx.first("SELECT COUNT(*), MAX(created_at) FROM channel_messages WHERE channel_id = $1", channel_id);
        return ChannelActivity{.message_count = row.column_int64(0), .last_message_at = row.column_opt_int64(1)};
    });
}

}  // namespace chatter::storage::postgres
