// The SQLite schema as numbered migrations; sqlite_migrations.cpp applies them. PostgreSQL's
// equivalent is postgres/pg_schema.cpp.

#include <array>

#include "storage/sqlite/sqlite_migrations.hpp"

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
        "moderation",
        R"sql(
CREATE TABLE address_bans (
    id INTEGER PRIMARY KEY,
    network TEXT NOT NULL UNIQUE,
    reason TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE user_timeouts (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    until INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE site_alerts (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('info', 'warning', 'critical')),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER
);

CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    reporter TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('message', 'user')),
    message_kind TEXT CHECK (message_kind IN ('channel', 'dm', 'gdm')),
    message_id INTEGER,
    target TEXT NOT NULL,
    excerpt TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    created_at INTEGER NOT NULL,
    resolved_by TEXT,
    resolved_at INTEGER,
    note TEXT
);
CREATE INDEX reports_status ON reports (status, id);

CREATE INDEX channel_messages_created ON channel_messages (created_at);
CREATE INDEX dm_messages_created ON dm_messages (created_at);
CREATE INDEX gdm_messages_created ON gdm_messages (created_at);
)sql",
    },
    Migration{
        9,
        "custom_channels",
        R"sql(
CREATE TABLE custom_channels (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    enabled INTEGER NOT NULL DEFAULT 1,
    shared INTEGER NOT NULL DEFAULT 0,
    script TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    script_size INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    fetched_at INTEGER NOT NULL
);
CREATE INDEX custom_channels_owner ON custom_channels (owner_id);
CREATE TABLE custom_channel_acceptances (
    channel_id INTEGER NOT NULL REFERENCES custom_channels(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (channel_id, user_id)
) WITHOUT ROWID;
CREATE TABLE custom_channel_values (
    channel_id INTEGER NOT NULL REFERENCES custom_channels(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (channel_id, user_id, key)
) WITHOUT ROWID;
)sql",
    },
    Migration{
        10,
        "users",
        R"sql(
ALTER TABLE users ADD COLUMN deleted_at INTEGER;
CREATE TABLE user_profiles (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    bio TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '',
    avatar TEXT,
    theme TEXT NOT NULL DEFAULT 'system',
    language TEXT NOT NULL DEFAULT 'en',
    notify_mentions INTEGER NOT NULL DEFAULT 1,
    notify_dms INTEGER NOT NULL DEFAULT 1,
    notify_sounds INTEGER NOT NULL DEFAULT 1
);
)sql",
    },
    Migration{
        11,
        "read_markers",
        R"sql(
CREATE TABLE read_markers (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('channel', 'dm', 'gdm')),
    conversation_id INTEGER NOT NULL,
    last_read_id INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind, conversation_id)
) WITHOUT ROWID;
CREATE INDEX dm_messages_to_from ON dm_messages (to_id, from_id, id);
CREATE INDEX read_markers_kind_last ON read_markers (kind, last_read_id);
CREATE TRIGGER channels_read_markers AFTER DELETE ON channels BEGIN
    DELETE FROM read_markers WHERE kind = 'channel' AND conversation_id = old.id;
END;
CREATE TRIGGER users_read_markers AFTER DELETE ON users BEGIN
    DELETE FROM read_markers WHERE kind = 'dm' AND conversation_id = old.id;
END;
CREATE TRIGGER gdm_members_read_markers AFTER DELETE ON gdm_members BEGIN
    DELETE FROM read_markers WHERE user_id = old.user_id AND kind = 'gdm' AND conversation_id = old.thread_id;
END;
CREATE TRIGGER gdm_threads_read_markers AFTER DELETE ON gdm_threads BEGIN
    DELETE FROM read_markers WHERE kind = 'gdm' AND conversation_id = old.id;
END;
-- Message ids are rowids: after the newest message is deleted, the next one gets its id again.
-- Markers past the newest remaining id step down to it, so that message still counts as unread
-- (no existing message becomes unread: every one of them is at or below the new marker).
CREATE TRIGGER channel_messages_read_markers AFTER DELETE ON channel_messages
WHEN old.id > (SELECT COALESCE(MAX(id), 0) FROM channel_messages) BEGIN
    UPDATE read_markers SET last_read_id = (SELECT COALESCE(MAX(id), 0) FROM channel_messages)
    WHERE kind = 'channel' AND last_read_id > (SELECT COALESCE(MAX(id), 0) FROM channel_messages);
END;
CREATE TRIGGER dm_messages_read_markers AFTER DELETE ON dm_messages
WHEN old.id > (SELECT COALESCE(MAX(id), 0) FROM dm_messages) BEGIN
    UPDATE read_markers SET last_read_id = (SELECT COALESCE(MAX(id), 0) FROM dm_messages)
    WHERE kind = 'dm' AND last_read_id > (SELECT COALESCE(MAX(id), 0) FROM dm_messages);
END;
CREATE TRIGGER gdm_messages_read_markers AFTER DELETE ON gdm_messages
WHEN old.id > (SELECT COALESCE(MAX(id), 0) FROM gdm_messages) BEGIN
    UPDATE read_markers SET last_read_id = (SELECT COALESCE(MAX(id), 0) FROM gdm_messages)
    WHERE kind = 'gdm' AND last_read_id > (SELECT COALESCE(MAX(id), 0) FROM gdm_messages);
END;
)sql",
    },
    Migration{
        12,
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

}  // namespace

std::span<const Migration> migrations() {
    return kMigrations;
}

int latest_schema_version() {
    return kMigrations.back().version;
}

}  // namespace chatter::storage::sqlite
