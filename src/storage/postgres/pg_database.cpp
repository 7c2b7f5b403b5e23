#include "storage/postgres/pg_database.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "core/error.hpp"

// libpqxx 6.4 leaks the PGresult of a statement whose connection turns out to be broken (it asks
// for the client encoding before taking ownership, and that throws): about 2 KiB per lost
// connection, which chatterd replaces. LeakSanitizer builds (tests) are told, so only that leak is
// tolerated; other builds never call this.
// NOLINTNEXTLINE(bugprone-reserved-identifier,readability-identifier-naming): the sanitizer's name
extern "C" const char* __lsan_default_suppressions() {
    return "leak:PQmakeEmptyPGresult\n";
}

namespace chatter::storage::postgres {

namespace {

constexpr int kMaxAttempts = 10;  // for serialization failures and deadlocks
constexpr int kConnectTimeoutS = 5;

Error unavailable() {
    return Error(Errc::kUnavailable, "The database is unavailable. Try again later.", "database_unavailable");
}

Error closed_error() {
    return Error(Errc::kUnavailable, "The database is closed.", "unavailable");
}

// libpq waits for a connection forever by default; a node must answer 503 instead of hanging
// its workers when the database host vanishes.
std::string with_connect_timeout(const std::string& url) {
    if (url.find("connect_timeout") != std::string::npos) {
        return url;
    }
    const std::string timeout = "connect_timeout=" + std::to_string(kConnectTimeoutS);
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return url + (url.find('?') == std::string::npos ? "?" : "&") + timeout;
    }
    return url + " " + timeout;
}

// A short random pause before re-running a transaction that lost a conflict, growing with the
// attempt, so the transactions that collided do not collide again in step.
void back_off(int attempt) {
    thread_local std::minstd_rand random{std::random_device{}()};
    const int ceiling_ms = std::min(100, 1 << attempt);
    std::uniform_int_distribution<int> pause(1, ceiling_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(pause(random)));
}

}  // namespace

PgDatabase::PgDatabase(const PgOptions& options)
    : url_(with_connect_timeout(options.url)),
      display_url_(redact_url(options.url)),
      pool_size_(std::max(1, options.pool_size)) {
    Lease first(*this);
}

PgDatabase::~PgDatabase() {
    close();
}

std::unique_ptr<PgConnection> PgDatabase::acquire() {
    {
        std::unique_lock lock(mutex_);
        available_.wait(lock, [this] { return closed_ || !idle_.empty() || open_ < pool_size_; });
        if (closed_) {
            throw closed_error();
        }
        ++leased_;
        if (!idle_.empty()) {
            auto conn = std::move(idle_.back());
            idle_.pop_back();
            return conn;
        }
        ++open_;
    }
    try {
        return std::make_unique<PgConnection>(url_);
    } catch (const std::exception& e) {
        release(nullptr);
        spdlog::error("postgres: cannot connect to {}: {}", display_url_, e.what());
        throw unavailable();
    }
}

void PgDatabase::release(std::unique_ptr<PgConnection> conn) {
    {
        std::lock_guard lock(mutex_);
        --leased_;
        if (conn && !closed_) {
            idle_.push_back(std::move(conn));
        } else {
            --open_;
        }
    }
    available_.notify_all();
}

void PgDatabase::drop_idle() {
    std::vector<std::unique_ptr<PgConnection>> dropped;
    {
        std::lock_guard lock(mutex_);
        open_ -= static_cast<int>(idle_.size());
        dropped.swap(idle_);
    }
    available_.notify_all();
}

void PgDatabase::recover(const std::exception_ptr& failure, int attempt, Lease& lease) {
    try {
        std::rethrow_exception(failure);
    } catch (const pqxx::in_doubt_error& e) {
        lease.discard();
        spdlog::error("postgres: connection lost during COMMIT, outcome unknown: {}", e.what());
        throw unavailable();
    } catch (const pqxx::statement_completion_unknown& e) {
        lease.discard();
        spdlog::error("postgres: connection lost during a statement: {}", e.what());
        throw unavailable();
    } catch (const pqxx::broken_connection& e) {
        connection_lost(e.what(), attempt, lease);
    } catch (const pqxx::transaction_rollback& e) {
        // Serialization failure or deadlock: the transaction had no effect and may simply run again.
        if (attempt < kMaxAttempts) {
            spdlog::debug("postgres: {} (attempt {}), retrying", e.what(), attempt);
            back_off(attempt);
            return;
        }
        spdlog::error("postgres: giving up after {} conflicting attempts: {}", attempt, e.what());
        throw Error(Errc::kUnavailable, "The database is busy. Try again.", "database_busy");
    } catch (const pqxx::data_exception& e) {
        spdlog::debug("postgres: data refused ({}): {}", e.sqlstate(), e.what());
        throw Error(Errc::kBadRequest, "A value is malformed or out of range.", "invalid_input");
    } catch (const pqxx::sql_error& e) {
        // Class 08 (connection exception) and 57P01-57P03 (the server shutting down or terminating
        // this session) arrive as SQL errors when libpq reads them before noticing the closed socket.
        const std::string_view state = e.sqlstate();
        if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03") {
            connection_lost(e.what(), attempt, lease);
            return;
        }
        spdlog::error("postgres: {} ({}) [{}]", e.what(), e.sqlstate(), e.query());
        throw Error(Errc::kInternal, "A database error occurred.", "internal");
    } catch (const pqxx::failure& e) {
        lease.discard();
        spdlog::error("postgres: {}", e.what());
        throw Error(Errc::kInternal, "A database error occurred.", "internal");
    }
}

void PgDatabase::connection_lost(std::string_view what, int attempt, Lease& lease) {
    // Nothing was committed: the server rolls back a transaction whose connection drops. The idle
    // connections most likely went with it (a server restart), so they are not tried one by one.
    lease.discard();
    drop_idle();
    if (attempt == 1) {
        spdlog::warn("postgres: connection lost, retrying on a new one: {}", what);
        return;
    }
    spdlog::error("postgres: connection lost again: {}", what);
    throw unavailable();
}

void PgDatabase::close() {
    std::vector<std::unique_ptr<PgConnection>> closing;
    {
        std::unique_lock lock(mutex_);
        closed_ = true;
        available_.notify_all();
        available_.wait(lock, [this] { return leased_ == 0; });
        closing.swap(idle_);
        open_ = 0;
    }
}

}  // namespace chatter::storage::postgres
