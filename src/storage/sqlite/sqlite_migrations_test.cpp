#include "storage/sqlite/sqlite_migrations.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_backend.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace chatter::storage::sqlite {
namespace {

std::vector<std::string> table_names(Connection& conn) {
    auto stmt = conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    std::vector<std::string> names;
    while (stmt.step()) {
        names.push_back(stmt.column_text(0));
    }
    return names;
}

TEST(Migrations, AreNumberedWithoutGaps) {
    int expected = 1;
    for (const Migration& migration : migrations()) {
        EXPECT_EQ(migration.version, expected++);
        EXPECT_FALSE(migration.name.empty());
    }
    EXPECT_EQ(latest_schema_version(), expected - 1);
}

TEST(Migrations, ApplyToEmptyDatabaseThenAreANoOp) {
    testing::TempDir dir;
    EXPECT_EQ(migrate(dir.path()), latest_schema_version());

    Connection conn(database_file(dir.path()));
    EXPECT_EQ(current_schema_version(conn), latest_schema_version());
    const std::vector<std::string> expected{
        "address_bans",
        "api_tokens",
        "app_settings",
        "audit_log",
        "channel_messages",
        "channel_messages_fts",
        "channel_messages_fts_config",
        "channel_messages_fts_data",
        "channel_messages_fts_docsize",
        "channel_messages_fts_idx",
        "channels",
        "custom_channel_acceptances",
        "custom_channel_values",
        "custom_channels",
        "dm_logs",
        "dm_messages",
        "dm_messages_fts",
        "dm_messages_fts_config",
        "dm_messages_fts_data",
        "dm_messages_fts_docsize",
        "dm_messages_fts_idx",
        "doc_members",
        "doc_revisions",
        "doc_snapshots",
        "docs",
        "files",
        "gdm_bans",
        "gdm_invites",
        "gdm_members",
        "gdm_messages",
        "gdm_messages_fts",
        "gdm_messages_fts_config",
        "gdm_messages_fts_data",
        "gdm_messages_fts_docsize",
        "gdm_messages_fts_idx",
        "gdm_threads",
        "message_pins",
        "message_reactions",
        "read_markers",
        "reports",
        "schema_migrations",
        "sessions",
        "site_alerts",
        "user_profiles",
        "user_settings",
        "user_timeouts",
        "users",
        "voice_channels"};
    EXPECT_EQ(table_names(conn), expected);
    // Marks a row so that a second run that re-applied anything would be visible.
    conn.exec("UPDATE schema_migrations SET applied_at = -1");

    EXPECT_EQ(migrate(dir.path()), latest_schema_version());
    auto stmt = conn.prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
    for (const Migration& migration : migrations()) {
        ASSERT_TRUE(stmt.step());
        EXPECT_EQ(stmt.column_int64(0), migration.version);
        EXPECT_EQ(stmt.column_text(1), migration.name);
        EXPECT_EQ(stmt.column_int64(2), -1);
    }
    EXPECT_FALSE(stmt.step());
}

TEST(Migrations, RefuseADatabaseFromANewerBinary) {
    testing::TempDir dir;
    migrate(dir.path());
    {
        Connection conn(database_file(dir.path()));
        conn.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', 0)")
            .bind(1, latest_schema_version() + 1)
            .run();
    }
    try {
        migrate(dir.path());
        FAIL() << "newer schema accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), "schema_too_new");
        EXPECT_NE(e.message().find("newer"), std::string::npos);
    }
    EXPECT_THROW(SqliteBackend::open(dir.path()), Error);
}

TEST(Migrations, FailedMigrationLeavesNoTrace) {
    testing::TempDir dir;
    {
        // A table the first migration wants to create makes it fail half-way.
        Connection conn(database_file(dir.path()));
        conn.exec("CREATE TABLE audit_log (x)");
    }
    EXPECT_THROW(migrate(dir.path()), Error);
    Connection conn(database_file(dir.path()));
    EXPECT_EQ(current_schema_version(conn), 0);
    const std::vector<std::string> expected{"audit_log", "schema_migrations"};
    EXPECT_EQ(table_names(conn), expected);
}

TEST(Migrations, DocumentTextMovesToSnapshotsAtItsRevision) {
    testing::TempDir dir;
    {
        // A database as the schema before doc_snapshots left it, with one edited document.
        Connection conn(database_file(dir.path()));
        conn.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at INTEGER)");
        for (const Migration& migration : migrations()) {
            if (migration.name == "doc_snapshots") {
                break;
            }
            conn.exec(migration.sql);
            conn.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)")
                .bind(1, migration.version)
                .bind(2, migration.name)
                .run();
        }
        conn.exec(
            "INSERT INTO users (id, username, username_key, password_hash, role, created_at) "
            "VALUES (1, 'alice', 'alice', 'h', 'user', 0);"
            "INSERT INTO docs (id, name, content, created_by, created_at, last_edited_at, revision) "
            "VALUES (7, 'D', 'old text', 1, 0, 0, 3);"
        );
    }
    EXPECT_EQ(migrate(dir.path()), latest_schema_version());
    auto backend = SqliteBackend::open(dir.path());
    const auto doc = backend->docs().fetch(7);
    ASSERT_TRUE(doc.has_value());
    EXPECT_EQ(doc->content, "old text");
    EXPECT_EQ(doc->content_revision, 3);
    EXPECT_EQ(doc->revision, 3);
    backend->close();
}

TEST(SqliteBackend, DataSurvivesCloseAndReopen) {
    testing::TempDir dir;
    int64_t id = 0;
    {
        auto backend = SqliteBackend::open(dir.path());
        id = backend->users().insert(NewUser{.username = "Durable", .password_hash = "h"}, true).id;
        backend->settings().upsert({{"MOTD", "still here"}});
        backend->close();
    }
    auto backend = SqliteBackend::open(dir.path());
    const auto user = backend->users().fetch_by_name("durable");
    ASSERT_TRUE(user.has_value());
    EXPECT_EQ(user->id, id);
    EXPECT_EQ(user->role, "superadmin");
    EXPECT_EQ(backend->settings().fetch("MOTD"), std::optional<std::string>("still here"));
    backend->close();
}

TEST(SqliteBackend, CascadesUserDeletionToSessionsAndTokens) {
    testing::TempDir dir;
    auto backend = SqliteBackend::open(dir.path());
    const auto user = backend->users().insert(NewUser{.username = "gone", .password_hash = "h"}, false);
    backend->sessions().insert(NewSession{.user_id = user.id, .token_hash = "s", .expires_at = 1L << 40});
    backend->tokens().insert(user.id, "bot", "t", 10);
    backend->database().write([&](Connection& conn) {
        conn.prepare("DELETE FROM users WHERE id = ?").bind(1, user.id).run();
    });
    EXPECT_FALSE(backend->sessions().fetch_by_hash("s", 0).has_value());
    EXPECT_FALSE(backend->tokens().fetch_by_hash("t").has_value());
    backend->close();
}

}  // namespace
}  // namespace chatter::storage::sqlite
