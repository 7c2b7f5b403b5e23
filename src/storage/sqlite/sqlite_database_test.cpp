#include "storage/sqlite/sqlite_database.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "storage/sqlite/sqlite_test_support.hpp"

namespace chatter::storage::sqlite {
namespace {

struct JobFailed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

int64_t count_rows(Database& db, std::string_view where = "1") {
    return db.read([&](Connection& conn) {
        auto stmt = conn.prepare("SELECT COUNT(*) FROM items WHERE " + std::string(where));
        stmt.step();
        return stmt.column_int64(0);
    });
}

class DatabaseTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = Database::open(dir_.path());
        db_->write([](Connection& conn) {
            conn.exec(
                "CREATE TABLE items (id INTEGER PRIMARY KEY, value TEXT UNIQUE);"
                "CREATE TABLE parents (id INTEGER PRIMARY KEY);"
                "CREATE TABLE children (id INTEGER PRIMARY KEY,"
                "  parent_id INTEGER REFERENCES parents(id) DEFERRABLE INITIALLY DEFERRED);"
            );
        });
    }

    void insert(const std::string& value) {
        db_->write([&](Connection& conn) { conn.prepare("INSERT INTO items (value) VALUES (?)").bind(1, value).run(); }
        );
    }

    /// Occupies the writer with a job that waits for the returned promise, so that everything
    /// enqueued meanwhile lands in the next batch. Returns once the blocking job is running.
    std::promise<void> hold_writer() {
        std::promise<void> release;
        auto released = release.get_future().share();
        auto entered = std::make_shared<std::promise<void>>();
        auto running = entered->get_future();
        holder_ = std::thread([this, released, entered] {
            db_->write([&](Connection&) {
                entered->set_value();
                released.wait();
            });
        });
        running.wait();
        return release;
    }

    /// Waits (without asserting any duration) until `count` jobs are queued behind the held writer.
    void wait_for_queue(std::size_t count) {
        while (db_->queued() < count) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }

    void TearDown() override {
        if (holder_.joinable()) {
            holder_.join();
        }
        db_->close();
    }

    testing::TempDir dir_;
    std::unique_ptr<Database> db_;
    std::thread holder_;
};

TEST_F(DatabaseTest, CreatesDataDirectoryAndDatabaseFile) {
    const auto nested = dir_.path() / "a" / "b";
    auto db = Database::open(nested);
    db->close();
    EXPECT_TRUE(std::filesystem::exists(nested / "chatter.db"));
}

TEST_F(DatabaseTest, ConnectionUsesWalForeignKeysAndFullSync) {
    db_->write([](Connection& conn) {
        auto mode = conn.prepare("PRAGMA journal_mode");
        mode.step();
        EXPECT_EQ(mode.column_text(0), "wal");
        auto fk = conn.prepare("PRAGMA foreign_keys");
        fk.step();
        EXPECT_EQ(fk.column_int64(0), 1);
        auto sync = conn.prepare("PRAGMA synchronous");
        sync.step();
        EXPECT_EQ(sync.column_int64(0), 2);  // FULL
    });
}

TEST_F(DatabaseTest, WriteReturnsValueAndReadSeesIt) {
    const int64_t id = db_->write([](Connection& conn) {
        conn.prepare("INSERT INTO items (value) VALUES (:v)").bind(":v", "hello").run();
        return conn.last_insert_rowid();
    });
    const auto value = db_->read([&](Connection& conn) {
        auto stmt = conn.prepare("SELECT value, NULL FROM items WHERE id = ?");
        stmt.bind(1, id);
        EXPECT_TRUE(stmt.step());
        EXPECT_FALSE(stmt.column_opt_text(1).has_value());
        return stmt.column_opt_text(0);
    });
    EXPECT_EQ(value, std::optional<std::string>("hello"));
}

TEST_F(DatabaseTest, StatementCacheHandlesNestedUseOfTheSameSql) {
    insert("a");
    insert("b");
    const int64_t pairs = db_->read([](Connection& conn) {
        int64_t n = 0;
        auto outer = conn.prepare("SELECT id FROM items");
        while (outer.step()) {
            auto inner = conn.prepare("SELECT id FROM items");
            while (inner.step()) {
                ++n;
            }
        }
        return n;
    });
    EXPECT_EQ(pairs, 4);
}

TEST_F(DatabaseTest, ReadOnlyConnectionsRefuseWrites) {
    EXPECT_THROW(db_->read([](Connection& conn) { conn.exec("INSERT INTO items (value) VALUES ('x')"); }), SqliteError);
    EXPECT_EQ(count_rows(*db_), 0);
}

TEST_F(DatabaseTest, WriteFromInsideAWriteJobIsRefusedInsteadOfDeadlocking) {
    EXPECT_THROW(db_->write([this](Connection&) { insert("nested"); }), std::logic_error);
    EXPECT_EQ(count_rows(*db_), 0);
}

TEST_F(DatabaseTest, ConcurrentWritersShareCommits) {
    constexpr int kWriters = 200;
    const WriteStats before = db_->stats();
    auto release = hold_writer();
    std::vector<std::thread> writers;
    for (int i = 0; i < kWriters; ++i) {
        writers.emplace_back([this, i] { insert("v" + std::to_string(i)); });
    }
    wait_for_queue(kWriters);
    release.set_value();
    for (auto& writer : writers) {
        writer.join();
    }
    const WriteStats after = db_->stats();
    EXPECT_EQ(after.jobs - before.jobs, kWriters + 1);
    EXPECT_EQ(after.commits - before.commits, 2);  // the holding job's batch, then all 200 together
    EXPECT_EQ(count_rows(*db_), kWriters);
}

TEST_F(DatabaseTest, UngatedConcurrentWritersAllCommit) {
    constexpr int kWriters = 64;
    std::vector<std::thread> writers;
    for (int i = 0; i < kWriters; ++i) {
        writers.emplace_back([this, i] { insert("w" + std::to_string(i)); });
    }
    for (auto& writer : writers) {
        writer.join();
    }
    EXPECT_EQ(count_rows(*db_), kWriters);
    EXPECT_LE(db_->stats().commits, db_->stats().jobs);
}

TEST_F(DatabaseTest, ThrowingJobRollsBackOnlyItself) {
    const WriteStats before = db_->stats();
    auto release = hold_writer();
    auto good1 = std::async(std::launch::async, [this] { insert("good1"); });
    wait_for_queue(1);
    auto bad = std::async(std::launch::async, [this] {
        db_->write([](Connection& conn) {
            conn.prepare("INSERT INTO items (value) VALUES ('bad')").run();
            throw JobFailed("no");
        });
    });
    wait_for_queue(2);
    auto duplicate = std::async(std::launch::async, [this] { insert("good1"); });
    wait_for_queue(3);
    auto good2 = std::async(std::launch::async, [this] { insert("good2"); });
    wait_for_queue(4);
    release.set_value();

    EXPECT_NO_THROW(good1.get());
    EXPECT_THROW(bad.get(), JobFailed);
    try {
        duplicate.get();
        ADD_FAILURE() << "duplicate insert succeeded";
    } catch (const SqliteError& e) {
        EXPECT_TRUE(e.is_unique_violation());
        EXPECT_EQ(e.errc(), Errc::kInternal);
    }
    EXPECT_NO_THROW(good2.get());

    EXPECT_EQ(db_->stats().commits - before.commits, 2);
    EXPECT_EQ(count_rows(*db_), 2);
    EXPECT_EQ(count_rows(*db_, "value = 'bad'"), 0);
}

TEST_F(DatabaseTest, FailedCommitFailsTheWholeBatch) {
    auto release = hold_writer();
    auto good = std::async(std::launch::async, [this] { insert("lost"); });
    wait_for_queue(1);
    // A deferred foreign key is only checked by COMMIT, so this job succeeds but sinks the batch.
    auto orphan = std::async(std::launch::async, [this] {
        db_->write([](Connection& conn) { conn.exec("INSERT INTO children (parent_id) VALUES (42)"); });
    });
    wait_for_queue(2);
    release.set_value();

    for (auto* job : {&good, &orphan}) {
        try {
            job->get();
            ADD_FAILURE() << "write in a failed batch reported success";
        } catch (const Error& e) {
            EXPECT_EQ(e.errc(), Errc::kInternal);
        }
    }
    EXPECT_EQ(count_rows(*db_), 0);
    insert("after");  // the writer recovers
    EXPECT_EQ(count_rows(*db_), 1);
}

TEST_F(DatabaseTest, CloseDrainsQueueAndRefusesLaterWork) {
    auto release = hold_writer();
    auto pending = std::async(std::launch::async, [this] { insert("queued"); });
    wait_for_queue(1);
    auto closer = std::async(std::launch::async, [this] { db_->close(); });
    release.set_value();
    closer.get();
    EXPECT_NO_THROW(pending.get());
    try {
        insert("late");
        ADD_FAILURE() << "write after close";
    } catch (const Error& e) {
        EXPECT_EQ(e.errc(), Errc::kUnavailable);
    }
    EXPECT_THROW(count_rows(*db_), Error);
    db_->close();  // idempotent

    auto reopened = Database::open(dir_.path());
    EXPECT_EQ(count_rows(*reopened), 1);
    reopened->close();
    // TRUNCATE checkpoint on close leaves an empty WAL behind.
    const auto wal = dir_.path() / "chatter.db-wal";
    EXPECT_TRUE(!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0);
}

}  // namespace
}  // namespace chatter::storage::sqlite
