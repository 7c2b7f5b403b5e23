#pragma once
// The SQLite database: one writer thread doing group commit, and a small pool of read-only
// connections (WAL, so readers never block the writer and the writer never blocks readers).

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "storage/sqlite/sqlite_connection.hpp"

namespace chatter::storage::sqlite {

/// `<data_dir>/chatter.db`, creating `data_dir` when missing.
std::filesystem::path database_file(const std::filesystem::path& data_dir);

struct WriteStats {
    int64_t commits = 0;  // transactions committed
    int64_t jobs = 0;     // write jobs that ran in them (succeeded or rolled back to their savepoint)
};

namespace detail {

/// A queued write. The writer calls run() inside the batch transaction, then exactly one of
/// complete() (after COMMIT) or fail() (the batch was lost).
class WriteJob {
  public:
    virtual ~WriteJob() = default;
    virtual void run(Connection& conn) = 0;
    /// What run() caught from the job, if it threw.
    virtual std::exception_ptr error() const = 0;
    virtual void complete() = 0;
    virtual void fail(std::exception_ptr error) = 0;
};

template <class F, class R>
class TypedWriteJob final : public WriteJob {
  public:
    explicit TypedWriteJob(F&& fn) : fn_(std::forward<F>(fn)) {}

    std::future<R> future() { return promise_.get_future(); }

    void run(Connection& conn) override {
        try {
            if constexpr (std::is_void_v<R>) {
                fn_(conn);
            } else {
                result_.emplace(fn_(conn));
            }
        } catch (...) {
            error_ = std::current_exception();
        }
    }
    std::exception_ptr error() const override { return error_; }
    void complete() override {
        if (error_) {
            promise_.set_exception(error_);
        } else if constexpr (std::is_void_v<R>) {
            promise_.set_value();
        } else {
            promise_.set_value(std::move(*result_));
        }
    }
    void fail(std::exception_ptr error) override { promise_.set_exception(error_ ? error_ : error); }

  private:
    std::decay_t<F> fn_;
    std::promise<R> promise_;
    std::conditional_t<std::is_void_v<R>, bool, std::optional<R>> result_{};
    std::exception_ptr error_;
};

}  // namespace detail

class Database {
  public:
    /// Opens (creating when missing) `<data_dir>/chatter.db` and starts the writer thread.
    /// Does not migrate: call migrate() first.
    static std::unique_ptr<Database> open(const std::filesystem::path& data_dir, int reader_count = 4);

    Database(const std::filesystem::path& file, int reader_count);
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    /// Calls close().
    ~Database();

    /// Runs `fn(Connection&)` on the writer connection, inside a SAVEPOINT of a batch transaction
    /// shared with other concurrent writes, and returns its result only after the batch has
    /// committed. If `fn` throws, only its own changes are rolled back and the exception is
    /// rethrown here. If the commit fails, throws Error(kInternal). Blocks the calling thread:
    /// call it from worker threads, never from a network thread or from inside another job (and
    /// inside a job use only the connection passed in: read() cannot see uncommitted changes).
    template <class F>
    auto write(F&& fn) -> std::invoke_result_t<F&, Connection&> {
        using R = std::invoke_result_t<F&, Connection&>;
        auto job = std::make_unique<detail::TypedWriteJob<F, R>>(std::forward<F>(fn));
        auto future = job->future();
        enqueue(std::move(job));
        return future.get();
    }

    /// Runs `fn(Connection&)` on a pooled read-only connection inside one read transaction (a
    /// consistent snapshot). Thread-safe; blocks while every reader is busy.
    template <class F>
    auto read(F&& fn) -> std::invoke_result_t<F&, Connection&> {
        ReaderLease lease(*this);
        lease.conn().exec("BEGIN");
        try {
            if constexpr (std::is_void_v<std::invoke_result_t<F&, Connection&>>) {
                fn(lease.conn());
                lease.conn().exec("COMMIT");
            } else {
                auto result = fn(lease.conn());
                lease.conn().exec("COMMIT");
                return result;
            }
        } catch (...) {
            if (!lease.conn().in_autocommit()) {
                lease.conn().exec("ROLLBACK");
            }
            throw;
        }
    }

    /// Lets queued writes finish, stops the writer, checkpoints the WAL into the main file and
    /// closes every connection. Idempotent. Later write()/read() calls throw Error(kUnavailable).
    void close();

    WriteStats stats() const;

    /// Write jobs waiting for the writer (not counting the batch it is running).
    std::size_t queued() const;

  private:
    class ReaderLease {
      public:
        explicit ReaderLease(Database& db);
        ReaderLease(const ReaderLease&) = delete;
        ReaderLease& operator=(const ReaderLease&) = delete;
        ~ReaderLease();
        Connection& conn() { return *conn_; }

      private:
        Database& db_;
        std::unique_ptr<Connection> conn_;
    };

    void enqueue(std::unique_ptr<detail::WriteJob> job);
    void writer_loop();
    void run_batch(std::vector<std::unique_ptr<detail::WriteJob>>& batch);
    /// Rolls back the open batch transaction; returns the error every job of the batch gets.
    std::exception_ptr abandon_batch();

    std::unique_ptr<Connection> writer_;
    std::thread writer_thread_;
    std::thread::id writer_id_;

    mutable std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::vector<std::unique_ptr<detail::WriteJob>> queue_;
    bool stopping_ = false;
    WriteStats stats_;

    std::mutex readers_mutex_;
    std::condition_variable readers_cv_;
    std::vector<std::unique_ptr<Connection>> idle_readers_;
    int readers_out_ = 0;
    bool closed_ = false;
    std::mutex close_mutex_;
};

}  // namespace chatter::storage::sqlite
