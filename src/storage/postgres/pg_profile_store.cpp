#include "storage/postgres/pg_profile_store.hpp"

namespace chatter::storage::postgres {

std::optional<ProfileRecord> PgProfileStore::fetch(int64_t user_id) {
    return db_.read([&](Tx& tx) -> std::optional<ProfileRecord> {
        // LEFT JOINs: a user who never saved anything gets the defaults of ProfileRecord.
        const auto row = tx.first(
            "SELECT u.email, p.bio, p.status, p.avatar, p.theme, p.language, p.notify_mentions, p.notify_dms, "
            "p.notify_sounds, s.allow_dms, p.user_id IS NOT NULL "
            "FROM users u LEFT JOIN user_profiles p ON p.user_id = u.id "
            "LEFT JOIN user_settings s ON s.user_id = u.id WHERE u.id = $1 AND u.deleted_at IS NULL",
            user_id
        );
        if (!row) {
            return std::nullopt;
        }
        ProfileRecord profile{.user_id = user_id, .email = row->column_opt_text(0)};
        if (row->column_bool(10)) {
            profile.bio = row->column_text(1);
            profile.status = row->column_text(2);
            profile.avatar = row->column_opt_text(3);
            profile.theme = row->column_text(4);
            profile.language = row->column_text(5);
            profile.notify_mentions = row->column_bool(6);
            profile.notify_dms = row->column_bool(7);
            profile.notify_sounds = row->column_bool(8);
        }
        if (const auto allow = row->column_opt_text(9)) {
            profile.allow_dms = *allow;
        }
        return profile;
    });
}

bool PgProfileStore::save(const ProfileRecord& profile) {
    return db_.write([&](Tx& tx) {
        // Locked, so a concurrent account deletion (which removes the profile) waits for this.
        if (!tx.lock_user(profile.user_id)) {
            return false;
        }
        tx.run(
            "INSERT INTO user_profiles (user_id, bio, status, theme, language, notify_mentions, notify_dms, "
            "notify_sounds) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
            "ON CONFLICT (user_id) DO UPDATE SET bio = excluded.bio, status = excluded.status, "
            "theme = excluded.theme, language = excluded.language, notify_mentions = excluded.notify_mentions, "
            "notify_dms = excluded.notify_dms, notify_sounds = excluded.notify_sounds",
            profile.user_id,
            profile.bio,
            profile.status,
            profile.theme,
            profile.language,
            profile.notify_mentions,
            profile.notify_dms,
            profile.notify_sounds
        );
        tx.run(
            "INSERT INTO user_settings (user_id, allow_dms) VALUES ($1, $2) "
            "ON CONFLICT (user_id) DO UPDATE SET allow_dms = excluded.allow_dms",
            profile.user_id,
            profile.allow_dms
        );
        tx.run("UPDATE users SET email = $1 WHERE id = $2", profile.email, profile.user_id);
        return true;
    });
}

std::optional<std::string> PgProfileStore::replace_avatar(int64_t user_id, const std::optional<std::string>& avatar) {
    return db_.write([&](Tx& tx) -> std::optional<std::string> {
        if (!tx.lock_user(user_id)) {
            return std::nullopt;
        }
        const auto previous = tx.first("SELECT avatar FROM user_profiles WHERE user_id = $1", user_id);
        std::optional<std::string> old = previous ? previous->column_opt_text(0) : std::nullopt;
        tx.run(
            "INSERT INTO user_profiles (user_id, avatar) VALUES ($1, $2) "
            "ON CONFLICT (user_id) DO UPDATE SET avatar = excluded.avatar",
            user_id,
            avatar
        );
        return old;
    });
}

}  // namespace chatter::storage::postgres
