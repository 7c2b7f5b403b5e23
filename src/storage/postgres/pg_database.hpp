#pragma once
// The PostgreSQL database: a small pool of connections (opened on demand, at most `pool_size`).
// Every store call leases one connection for one transaction:
//   read()   REPEATABLE READ, READ ONLY: one consistent snapshot, as SQLite's readers see
//   write()  READ COMMITTED: single statements, upserts and conditional updates are atomic by
//            themselves; a check-then-act rule (the last superadmin, a quota, a cap) first takes
//            the lock that serialises it (Tx::lock, Tx::lock_user), as SQLite's single writer
//            serialises everything
// A serialization failure or deadlock re-runs the whole function (so it must not have effects
// outside the transaction), a broken connection is replaced and the call tried once more; what
// still fails becomes the project's Error vocabulary: 503 when the database is unreachable or
// busy, 400 for data the server refuses, 500 for anything unexpected. Calls block the calling
// thread: call them from worker threads, never from a network thread.

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "storage/postgres/pg_connection.hpp"

namespace chatter::storage::postgres {

struct PgOptions {
    std::string url;    // libpq connection URI or key=value string
    int pool_size = 8;  // connections at most; a call waits while all are leased
};

class PgDatabase {
  public:
    /// Opens one connection at once, so an unreachable server fails start-up with
    /// Error(kUnavailable, "database_unavailable").
    explicit PgDatabase(const PgOptions& options);
    PgDatabase(const PgDatabase&) = delete;
    PgDatabase& operator=(const PgDatabase&) = delete;
    ~PgDatabase();

    template <class F>
    auto read(F&& fn) -> std::invoke_result_t<F&, Tx&> {
        return run<ReadTransaction>(fn);
    }

    template <class F>
    auto write(F&& fn) -> std::invoke_result_t<F&, Tx&> {
        return run<pqxx::work>(fn);
    }

    /// Waits for leased connections to come back and closes every connection. Idempotent; later
    /// calls throw Error(kUnavailable).
    void close();

    /// The URL without its password, for logs.
    const std::string& display_url() const { return display_url_; }

  private:
    using ReadTransaction = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

    class Lease {
      public:
        explicit Lease(PgDatabase& db) : db_(db), conn_(db.acquire()) {}
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease() { db_.release(std::move(conn_)); }
        PgConnection& conn() { return *conn_; }
        /// Closes this connection instead of returning it to the pool.
        void discard() { conn_.reset(); }

      private:
        PgDatabase& db_;
        std::unique_ptr<PgConnection> conn_;
    };

    template <class Txn, class F>
    auto run(F& fn) -> std::invoke_result_t<F&, Tx&> {
        using R = std::invoke_result_t<F&, Tx&>;
        for (int attempt = 1;; ++attempt) {
            Lease lease(*this);
            try {
                Txn work(lease.conn().raw());
                Tx tx(lease.conn(), work, std::is_same_v<Txn, ReadTransaction>);
                if constexpr (std::is_void_v<R>) {
                    fn(tx);
                    work.commit();
                    return;
                } else {
                    R result = fn(tx);
                    work.commit();
                    return result;
                }
            } catch (const pqxx::failure&) {
                // Errors of our own (chatter::Error) pass through untouched; this returns only when
                // the call is worth another attempt.
                recover(std::current_exception(), attempt, lease);
            }
        }
    }

    /// Rethrows `failure` as an Error unless another attempt may succeed (after a pause, or on a
    /// fresh connection).
    void recover(const std::exception_ptr& failure, int attempt, Lease& lease);
    /// Discards the connection; returns to retry on a new one after a first loss, else throws.
    void connection_lost(std::string_view what, int attempt, Lease& lease);

    std::unique_ptr<PgConnection> acquire();
    void release(std::unique_ptr<PgConnection> conn);
    /// Closes the idle connections: after one broke, the others are likely dead too.
    void drop_idle();

    std::string url_;
    std::string display_url_;
    int pool_size_;

    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<PgConnection>> idle_;
    int open_ = 0;    // idle + leased
    int leased_ = 0;  // handed out by acquire()
    bool closed_ = false;
};

}  // namespace chatter::storage::postgres
