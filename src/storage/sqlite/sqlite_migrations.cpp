#include "storage/sqlite/sqlite_migrations.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <string>

#include "core/time.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace chatter::storage::sqlite {

namespace {

// Append only: a released migration is never edited, a change is a new version.
constexpr std::array kMigrations{
    Migration{
        1,
        "init",
        R"sql(
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    username_key TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user', 'admin', 'superadmin')),
    email TEXT,
    created_at INTEGER NOT NULL,
    banned INTEGER NOT NULL DEFAULT 0,
    ban_reason TEXT
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    user_agent TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_id ON sessions(user_id);
CREATE INDEX sessions_expires_at ON sessions(expires_at);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX api_tokens_user_id ON api_tokens(user_id);

CREATE TABLE app_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL
);
)sql",
    },
    Migration{
        2,
        "messaging",
        R"sql(
CREATE TABLE channels (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    topic TEXT NOT NULL DEFAULT '',
    announcements_only INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
INSERT INTO channels (name, created_at) VALUES ('general', CAST(strftime('%s', 'now') AS INTEGER));

CREATE TABLE channel_messages (
    id INTEGER PRIMARY KEY,
    channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    attachment TEXT,
    reply_to INTEGER,
    edited_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX channel_messages_channel ON channel_messages(channel_id, id);

CREATE TABLE dm_messages (
    id INTEGER PRIMARY KEY,
    from_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    to_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_lo INTEGER NOT NULL,
    user_hi INTEGER NOT NULL,
    text TEXT NOT NULL,
    attachment TEXT,
    reply_to INTEGER,
    edited_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX dm_messages_pair ON dm_messages(user_lo, user_hi, id);
CREATE INDEX dm_messages_from ON dm_messages(from_id, id);
CREATE INDEX dm_messages_to ON dm_messages(to_id, id);

CREATE TABLE dm_logs (
    id INTEGER PRIMARY KEY,
    dm_id INTEGER NOT NULL,
    from_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    to_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX dm_logs_from ON dm_logs(from_id, id);
CREATE INDEX dm_logs_to ON dm_logs(to_id, id);

CREATE TABLE user_settings (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    allow_dms TEXT NOT NULL DEFAULT 'everyone' CHECK (allow_dms IN ('everyone', 'nobody'))
);

CREATE TABLE gdm_threads (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    locked INTEGER NOT NULL DEFAULT 0,
    last_activity_at INTEGER NOT NULL
);

CREATE TABLE gdm_members (
    thread_id INTEGER NOT NULL REFERENCES gdm_threads(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (thread_id, user_id)
) WITHOUT ROWID;
CREATE INDEX gdm_members_user ON gdm_members(user_id);

CREATE TABLE gdm_bans (
    thread_id INTEGER NOT NULL REFERENCES gdm_threads(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (thread_id, user_id)
) WITHOUT ROWID;

CREATE TABLE gdm_messages (
    id INTEGER PRIMARY KEY,
    thread_id INTEGER NOT NULL REFERENCES gdm_threads(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    attachment TEXT,
    reply_to INTEGER,
    edited_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX gdm_messages_thread ON gdm_messages(thread_id, id);

CREATE TABLE gdm_invites (
    code TEXT PRIMARY KEY,
    thread_id INTEGER NOT NULL REFERENCES gdm_threads(id) ON DELETE CASCADE,
    created_by INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    used_at INTEGER
);
CREATE INDEX gdm_invites_thread ON gdm_invites(thread_id);
)sql",
    },
    Migration{
        3,
        "reactions_and_search",
        R"sql(
CREATE TABLE message_reactions (
    kind TEXT NOT NULL CHECK (kind IN ('public', 'dm', 'gdm')),
    message_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    emoji TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (kind, message_id, user_id, emoji)
) WITHOUT ROWID;

CREATE TRIGGER channel_messages_reactions AFTER DELETE ON channel_messages BEGIN
    DELETE FROM message_reactions WHERE kind = 'public' AND message_id = old.id;
END;
CREATE TRIGGER dm_messages_reactions AFTER DELETE ON dm_messages BEGIN
    DELETE FROM message_reactions WHERE kind = 'dm' AND message_id = old.id;
END;
CREATE TRIGGER gdm_messages_reactions AFTER DELETE ON gdm_messages BEGIN
    DELETE FROM message_reactions WHERE kind = 'gdm' AND message_id = old.id;
END;

CREATE VIRTUAL TABLE channel_messages_fts USING fts5(text, content='channel_messages', content_rowid='id');
CREATE TRIGGER channel_messages_fts_ai AFTER INSERT ON channel_messages BEGIN
    INSERT INTO channel_messages_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER channel_messages_fts_ad AFTER DELETE ON channel_messages BEGIN
    INSERT INTO channel_messages_fts (channel_messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER channel_messages_fts_au AFTER UPDATE OF text ON channel_messages BEGIN
    INSERT INTO channel_messages_fts (channel_messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO channel_messages_fts (rowid, text) VALUES (new.id, new.text);
END;
INSERT INTO channel_messages_fts (channel_messages_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE dm_messages_fts USING fts5(text, content='dm_messages', content_rowid='id');
CREATE TRIGGER dm_messages_fts_ai AFTER INSERT ON dm_messages BEGIN
    INSERT INTO dm_messages_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER dm_messages_fts_ad AFTER DELETE ON dm_messages BEGIN
    INSERT INTO dm_messages_fts (dm_messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER dm_messages_fts_au AFTER UPDATE OF text ON dm_messages BEGIN
    INSERT INTO dm_messages_fts (dm_messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO dm_messages_fts (rowid, text) VALUES (new.id, new.text);
END;
INSERT INTO dm_messages_fts (dm_messages_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE gdm_messages_fts USING fts5(text, content='gdm_messages', content_rowid='id');
CREATE TRIGGER gdm_messages_fts_ai AFTER INSERT ON gdm_messages BEGIN
    INSERT INTO gdm_messages_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER gdm_messages_fts_ad AFTER DELETE ON gdm_messages BEGIN
    INSERT INTO gdm_messages_fts (gdm_messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER gdm_messages_fts_au AFTER UPDATE OF text ON gdm_messages BEGIN
    INSERT INTO gdm_messages_fts (gdm_messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO gdm_messages_fts (rowid, text) VALUES (new.id, new.text);
END;
INSERT INTO gdm_messages_fts (gdm_messages_fts) VALUES ('rebuild');
)sql",
    },
    Migration{
        4,
        "pins",
        R"sql(
CREATE TABLE message_pins (
    kind TEXT NOT NULL CHECK (kind IN ('public', 'dm', 'gdm')),
    message_id INTEGER NOT NULL,
    pinned_by INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    pinned_at INTEGER NOT NULL,
    PRIMARY KEY (kind, message_id)
) WITHOUT ROWID;
CREATE TRIGGER channel_messages_pins AFTER DELETE ON channel_messages BEGIN
    DELETE FROM message_pins WHERE kind = 'public' AND message_id = old.id;
END;
CREATE TRIGGER dm_messages_pins AFTER DELETE ON dm_messages BEGIN
    DELETE FROM message_pins WHERE kind = 'dm' AND message_id = old.id;
END;
CREATE TRIGGER gdm_messages_pins AFTER DELETE ON gdm_messages BEGIN
    DELETE FROM message_pins WHERE kind = 'gdm' AND message_id = old.id;
END;
)sql",
    },
    Migration{
        5,
        "docs",
        R"sql(
CREATE TABLE docs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    content TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_edited_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    last_edited_at INTEGER NOT NULL,
    revision INTEGER NOT NULL
);
CREATE INDEX docs_created_by ON docs (created_by);
CREATE TABLE doc_members (
    doc_id INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'editor')),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (doc_id, user_id)
) WITHOUT ROWID;
CREATE INDEX doc_members_user ON doc_members (user_id);
CREATE TABLE doc_revisions (
    doc_id INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    op TEXT NOT NULL,
    length INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (doc_id, revision)
) WITHOUT ROWID;
)sql",
    },
    Migration{
        6,
        "files",
        R"sql(
CREATE TABLE files (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    mime_type TEXT NOT NULL,
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX files_owner ON files (owner_id, expires_at);
CREATE INDEX files_expiry ON files (expires_at);
)sql",
    },
    Migration{
        7,
        "voice_channels",
        R"sql(
CREATE TABLE voice_channels (
    name TEXT PRIMARY KEY,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
INSERT INTO voice_channels (name, created_by, created_at) VALUES ('general', NULL, 0);
)sql",
    },
    Migration{
        8,
        "doc_snapshots",
        R"sql(
CREATE TABLE doc_snapshots (
    doc_id INTEGER PRIMARY KEY REFERENCES docs(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    content TEXT NOT NULL
);
INSERT INTO doc_snapshots (doc_id, revision, content) SELECT id, revision, content FROM docs;
ALTER TABLE docs DROP COLUMN content;
)sql",
    },
};

constexpr std::string_view kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT,
    applied_at INTEGER
)
)sql";

Error schema_too_new(int found) {
    spdlog::error(
        "sqlite: the database has schema version {} but this chatterd knows only up to {}",
        found,
        latest_schema_version()
    );
    return Error(
        Errc::kInternal,
        "The database was created by a newer version of chatterd (schema " + std::to_string(found) +
            ", this binary supports up to " + std::to_string(latest_schema_version()) + "). Upgrade chatterd.",
        "schema_too_new"
    );
}

}  // namespace

std::span<const Migration> migrations() {
    return kMigrations;
}

int latest_schema_version() {
    return kMigrations.back().version;
}

int current_schema_version(Connection& conn) {
    conn.exec(kCreateMigrationsTable);
    auto stmt = conn.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    stmt.step();
    return static_cast<int>(stmt.column_int64(0));
}

int migrate(Connection& conn) {
    if (const int found = current_schema_version(conn); found > latest_schema_version()) {
        throw schema_too_new(found);
    }
    for (const Migration& migration : kMigrations) {
        // BEGIN IMMEDIATE takes the write lock before the version check, so two processes
        // migrating the same file at once cannot both apply a step.
        conn.exec("BEGIN IMMEDIATE");
        try {
            const int current = current_schema_version(conn);
            if (current > latest_schema_version()) {
                throw schema_too_new(current);
            }
            if (migration.version <= current) {
                conn.exec("COMMIT");
                continue;
            }
            conn.exec(migration.sql);
            conn.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
                .bind(1, migration.version)
                .bind(2, migration.name)
                .bind(3, unix_now())
                .run();
            conn.exec("COMMIT");
        } catch (...) {
            if (!conn.in_autocommit()) {
                conn.exec("ROLLBACK");
            }
            throw;
        }
        spdlog::info("sqlite: applied migration {:04} {}", migration.version, migration.name);
    }
    return current_schema_version(conn);
}

int migrate(const std::filesystem::path& data_dir) {
    Connection conn(database_file(data_dir));
    return migrate(conn);
}

}  // namespace chatter::storage::sqlite
