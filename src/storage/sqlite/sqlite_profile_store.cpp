#include "storage/sqlite/sqlite_profile_store.hpp"

namespace chatter::storage::sqlite {

namespace {

bool live_user(Connection& conn, int64_t user_id) {
    auto stmt = conn.prepare("SELECT 1 FROM users WHERE id = ? AND deleted_at IS NULL");
    stmt.bind(1, user_id);
    return stmt.step();
}

}  // namespace

std::optional<ProfileRecord> SqliteProfileStore::fetch(int64_t user_id) {
    return db_.read([&](Connection& conn) -> std::optional<ProfileRecord> {
        // LEFT JOINs: a user who never saved anything gets the column defaults below.
        auto stmt = conn.prepare(
            "SELECT u.email, p.bio, p.status, p.avatar, p.theme, p.language, p.notify_mentions, p.notify_dms, "
            "p.notify_sounds, s.allow_dms, p.user_id IS NOT NULL "
            "FROM users u LEFT JOIN user_profiles p ON p.user_id = u.id "
            "LEFT JOIN user_settings s ON s.user_id = u.id WHERE u.id = ? AND u.deleted_at IS NULL"
        );
        stmt.bind(1, user_id);
        if (!stmt.step()) {
            return std::nullopt;
        }
        ProfileRecord profile{.user_id = user_id, .email = stmt.column_opt_text(0)};
        if (stmt.column_bool(10)) {
            profile.bio = stmt.column_text(1);
            profile.status = stmt.column_text(2);
            profile.avatar = stmt.column_opt_text(3);
            profile.theme = stmt.column_text(4);
            profile.language = stmt.column_text(5);
            profile.notify_mentions = stmt.column_bool(6);
            profile.notify_dms = stmt.column_bool(7);
            profile.notify_sounds = stmt.column_bool(8);
        }
        if (const auto allow = stmt.column_opt_text(9)) {
            profile.allow_dms = *allow;
        }
        return profile;
    });
}

bool SqliteProfileStore::save(const ProfileRecord& profile) {
    return db_.write([&](Connection& conn) {
        if (!live_user(conn, profile.user_id)) {
            return false;
        }
        conn.prepare(
                "INSERT INTO user_profiles (user_id, bio, status, theme, language, notify_mentions, notify_dms, "
                "notify_sounds) VALUES (:id, :bio, :status, :theme, :language, :mentions, :dms, :sounds) "
                "ON CONFLICT (user_id) DO UPDATE SET bio = excluded.bio, status = excluded.status, "
                "theme = excluded.theme, language = excluded.language, notify_mentions = excluded.notify_mentions, "
                "notify_dms = excluded.notify_dms, notify_sounds = excluded.notify_sounds"
        )
            .bind(":id", profile.user_id)
            .bind(":bio", profile.bio)
            .bind(":status", profile.status)
            .bind(":theme", profile.theme)
            .bind(":language", profile.language)
            .bind(":mentions", profile.notify_mentions)
            .bind(":dms", profile.notify_dms)
            .bind(":sounds", profile.notify_sounds)
            .run();
        conn.prepare(
                "INSERT INTO user_settings (user_id, allow_dms) VALUES (?, ?) "
                "ON CONFLICT (user_id) DO UPDATE SET allow_dms = excluded.allow_dms"
        )
            .bind(1, profile.user_id)
            .bind(2, profile.allow_dms)
            .run();
        conn.prepare("UPDATE users SET email = ? WHERE id = ?").bind(1, profile.email).bind(2, profile.user_id).run();
        return true;
    });
}

std::optional<std::string> SqliteProfileStore::replace_avatar(
    int64_t user_id, const std::optional<std::string>& avatar
) {
    return db_.write([&](Connection& conn) -> std::optional<std::string> {
        if (!live_user(conn, user_id)) {
            return std::nullopt;
        }
        auto previous = conn.prepare("SELECT avatar FROM user_profiles WHERE user_id = ?");
        previous.bind(1, user_id);
        std::optional<std::string> old = previous.step() ? previous.column_opt_text(0) : std::nullopt;
        conn.prepare(
                "INSERT INTO user_profiles (user_id, avatar) VALUES (?, ?) "
                "ON CONFLICT (user_id) DO UPDATE SET avatar = excluded.avatar"
        )
            .bind(1, user_id)
            .bind(2, avatar)
            .run();
        return old;
    });
}

}  // namespace chatter::storage::sqlite
