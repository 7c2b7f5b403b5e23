// The PostgreSQL backend beyond the shared contract: migrations, the error vocabulary (503 for a
// lost or unreachable server, 400 for text PostgreSQL cannot store), and the check-then-act rules
// under real concurrency across pooled connections.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "storage/postgres/pg_migrations.hpp"
#include "storage/postgres/pg_test_support.hpp"

namespace chatter::storage::postgres {
namespace {

using testing::ScratchPgBackend;

std::string code_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& error) {
        return error.code();
    }
    return "no error";
}

int64_t applied_migrations(PgDatabase& db) {
    return db.read([](Tx& tx) { return tx.scalar("SELECT COUNT(*) FROM schema_migrations"); });
}

// Runs `fn(i)` on `count` threads at once and waits for them.
void race(int count, const std::function<void(int)>& fn) {
    std::vector<std::thread> threads;
    threads.reserve(count);
    for (int i = 0; i < count; ++i) {
        threads.emplace_back([&fn, i] { fn(i); });
    }
    for (auto& thread : threads) {
        thread.join();
    }
}

TEST(PgMigrations, FromEmptyEveryStepIsRecordedOnceAndRerunsApplyNothing) {
    ScratchPgBackend scratch;
    auto& db = scratch.backend().database();
    EXPECT_EQ(applied_migrations(db), pg_latest_schema_version());
    EXPECT_EQ(migrate(db), pg_latest_schema_version());
    EXPECT_EQ(applied_migrations(db), pg_latest_schema_version());
}

TEST(PgMigrations, NodesStartingTogetherApplyEachStepOnce) {
    ScratchPgBackend scratch;
    testing::admin_exec("DROP SCHEMA " + scratch.schema() + " CASCADE; CREATE SCHEMA " + scratch.schema());
    std::atomic<int> versions_ok{0};
    race(4, [&](int) {
        PgDatabase node(PgOptions{.url = scratch.url(), .pool_size = 1});
        if (migrate(node) == pg_latest_schema_version()) {
            ++versions_ok;
        }
    });
    EXPECT_EQ(versions_ok.load(), 4);
    EXPECT_EQ(applied_migrations(scratch.backend().database()), pg_latest_schema_version());
}

TEST(PgMigrations, ADatabaseFromANewerChatterdIsRefused) {
    ScratchPgBackend scratch;
    auto& db = scratch.backend().database();
    db.write([](Tx& tx) {
        tx.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'future', 0)", 9999);
    });
    EXPECT_EQ(code_of([&] { migrate(db); }), "schema_too_new");
}

TEST(PgErrors, TextPostgresqlCannotStoreIsABadRequest) {
    ScratchPgBackend scratch;
    const std::string nul("a\0b", 3);
    try {
        scratch.channels().insert(nul, "", false);
        FAIL() << "a NUL character reached the database";
    } catch (const Error& error) {
        EXPECT_EQ(error.errc(), Errc::kBadRequest);
        EXPECT_EQ(error.code(), "invalid_text");
    }
    EXPECT_EQ(code_of([&] { scratch.channels().insert("bad\xff utf-8", "", false); }), "invalid_text");
    EXPECT_EQ(code_of([&] { scratch.channels().insert("overlong \xc0\xaf", "", false); }), "invalid_text");
    EXPECT_EQ(scratch.channels().insert("ünïcode ✓", "", false).name, "ünïcode ✓");
    // Reads of such text find nothing, as in SQLite (where nothing stored equals it either).
    EXPECT_FALSE(scratch.channels().fetch_by_name(nul).has_value());
    EXPECT_FALSE(scratch.users().fetch_by_name("bad\xff").has_value());
    EXPECT_EQ(scratch.admin_queries().users_matching("bad\xff"), 0);
}

TEST(PgErrors, AnUnreachableServerIsUnavailable) {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const auto error = code_of([] { PgDatabase db(PgOptions{.url = "postgresql://nobody@127.0.0.1:1/none"}); });
    EXPECT_EQ(error, "database_unavailable");
}

TEST(PgErrors, ConnectionsKilledByTheServerAreReplaced) {
    ScratchPgBackend scratch;
    EXPECT_EQ(scratch.users().count(), 0);
    // The server ends every other client connection: all of them are this backend's.
    testing::admin_exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND "
        "backend_type = 'client backend'"
    );
    EXPECT_EQ(scratch.users().count(), 0);
    EXPECT_EQ(scratch.channels().list().size(), 1U);
}

TEST(PgErrors, AClosedDatabaseIsUnavailable) {
    ScratchPgBackend scratch;
    scratch.close();
    try {
        scratch.users().count();
        FAIL() << "a closed database answered";
    } catch (const Error& error) {
        EXPECT_EQ(error.errc(), Errc::kUnavailable);
    }
}

TEST(PgConcurrency, TheTokenCapHoldsAcrossConnections) {
    ScratchPgBackend scratch(8);
    const auto alice = scratch.users().insert(NewUser{.username = "alice", .password_hash = "h"}, false);
    std::atomic<int> stored{0};
    race(8, [&](int i) {
        try {
            scratch.tokens().insert(alice.id, "t", "hash-" + std::to_string(i), 3);
            ++stored;
        } catch (const Error& error) {
            EXPECT_EQ(error.code(), "too_many_tokens");
        }
    });
    EXPECT_EQ(stored.load(), 3);
    EXPECT_EQ(scratch.tokens().count_for_user(alice.id), 3);
}

TEST(PgConcurrency, TheFileQuotaHoldsAcrossConnections) {
    ScratchPgBackend scratch(8);
    const auto alice = scratch.users().insert(NewUser{.username = "alice", .password_hash = "h"}, false);
    std::atomic<int> stored{0};
    race(8, [&](int i) {
        const FileRecord file{
            .id = "f" + std::to_string(i),
            .name = "n",
            .size = 40,
            .mime_type = "text/plain",
            .owner_id = alice.id,
            .created_at = 1,
            .expires_at = 1000};
        if (scratch.files().insert_within_quota(file, 100, 1)) {
            ++stored;
        }
    });
    EXPECT_EQ(stored.load(), 2);
}

TEST(PgConcurrency, TwoSuperadminsDemotingEachOtherLeaveOne) {
    ScratchPgBackend scratch(4);
    const auto a = scratch.users().insert(NewUser{.username = "a", .password_hash = "h", .role = "superadmin"}, false);
    const auto b = scratch.users().insert(NewUser{.username = "b", .password_hash = "h", .role = "superadmin"}, false);
    std::vector<AccountChange> outcomes(2);
    race(2, [&](int i) { outcomes[i] = scratch.users().change_role(i == 0 ? a.id : b.id, "user"); });
    EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), AccountChange::kDone), 1);
    EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), AccountChange::kLastSuperadmin), 1);
}

TEST(PgConcurrency, TheLastTwoChannelsCannotBothGo) {
    ScratchPgBackend scratch(4);
    const auto general = scratch.channels().fetch_by_name("general");
    const auto news = scratch.channels().insert("news", "", false);
    std::atomic<int> removed{0};
    race(2, [&](int i) {
        try {
            if (scratch.channels().remove(i == 0 ? general->id : news.id)) {
                ++removed;
            }
        } catch (const Error& error) {
            EXPECT_EQ(error.code(), "last_channel");
        }
    });
    EXPECT_EQ(removed.load(), 1);
    EXPECT_EQ(scratch.channels().list().size(), 1U);
}

TEST(PgSearch, QueryTextIsNeverSyntax) {
    ScratchPgBackend scratch;
    const auto alice = scratch.users().insert(NewUser{.username = "alice", .password_hash = "h"}, false);
    const auto general = scratch.channels().fetch_by_name("general");
    scratch.channels().insert_message(NewMessage{
        .conversation_id = general->id, .user_id = alice.id, .text = "it's a back\\slash and O'Brien's e-mail"});
    for (const char* query : {"it's", "o'brien", "back\\slash", "e-mail", "E-MA"}) {
        EXPECT_EQ(scratch.search().search(alice.id, query, 10).size(), 1U) << query;
    }
    for (const char* query : {"'", "\\", "&", "!", "a:* | b", "<->", "(", "') OR ('1"}) {
        EXPECT_NO_THROW(scratch.search().search(alice.id, query, 10)) << query;
    }
    EXPECT_TRUE(scratch.search().search(alice.id, "slash nothere", 10).empty());
}

TEST(PgUrls, PasswordsStayOutOfLogs) {
    EXPECT_EQ(redact_url("postgresql://chatter:s3cret@db:5432/chat"), "postgresql://chatter:***@db:5432/chat");
    EXPECT_EQ(redact_url("postgresql://chatter@db/chat"), "postgresql://chatter@db/chat");
    EXPECT_EQ(redact_url("postgresql://db/chat?user=a@b"), "postgresql://db/chat?user=a@b");
}

}  // namespace
}  // namespace chatter::storage::postgres
