#pragma once
// Thin RAII wrappers over the sqlite3 C API: a connection with a per-connection statement cache,
// and a prepared statement with typed binds and column getters. Not thread-safe: a Connection is
// used by one thread at a time (the Database hands each one out exclusively).

#include <concepts>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace chatter::storage::sqlite {

/// An SQLite failure. It is an Errc::kInternal Error with a generic user-facing message; the SQLite
/// text is kept in `detail()` and logged, never sent to clients.
class SqliteError : public Error {
  public:
    SqliteError(int code, std::string detail);

    /// The extended result code (e.g. SQLITE_CONSTRAINT_UNIQUE).
    int code() const noexcept { return code_; }
    const std::string& detail() const noexcept { return detail_; }
    bool is_unique_violation() const noexcept;

  private:
    int code_;
    std::string detail_;
};

class Connection;

/// A prepared statement. Cached statements are reset and their bindings cleared when this handle
/// is destroyed, so a handle must not outlive the Connection that made it. Bind indexes are 1-based
/// (as in SQLite), column indexes 0-based.
class Statement {
  public:
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    ~Statement();

    template <std::integral T>
    Statement& bind(int index, T value) {
        return bind_int64(index, static_cast<int64_t>(value));
    }
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, std::nullopt_t);
    template <class T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind(index, std::nullopt);
    }
    /// Binds a named parameter (":name"); throws when the statement has no such parameter.
    template <class T>
    Statement& bind(std::string_view name, const T& value) {
        return bind(parameter_index(name), value);
    }

    /// Advances to the next row: true when a row is available, false when the statement is done.
    bool step();
    /// Steps to completion (for statements that return no rows) and returns the number of rows changed.
    int64_t run();

    bool is_null(int column) const;
    int64_t column_int64(int column) const;
    bool column_bool(int column) const { return column_int64(column) != 0; }
    std::string column_text(int column) const;
    std::optional<int64_t> column_opt_int64(int column) const;
    std::optional<std::string> column_opt_text(int column) const;

  private:
    friend class Connection;
    Statement(Connection& conn, sqlite3_stmt* stmt, bool* in_use);

    Statement& bind_int64(int index, int64_t value);
    int parameter_index(std::string_view name) const;
    void check_bind(int rc) const;

    Connection* conn_;
    sqlite3_stmt* stmt_;
    bool* in_use_;  // the cache slot's flag; nullptr when this handle owns (and finalizes) the statement
};

struct ConnectionOptions {
    bool read_only = false;
    int busy_timeout_ms = 5000;
};

/// One sqlite3 connection. Writable connections put the database in WAL mode with foreign keys on
/// and synchronous=FULL.
class Connection {
  public:
    Connection(const std::filesystem::path& file, ConnectionOptions options = {});
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    /// A statement for `sql`, reused from this connection's cache when it is not already in use.
    Statement prepare(std::string_view sql);

    /// Runs one or more statements that take no parameters (DDL, PRAGMA, BEGIN, ...).
    void exec(std::string_view sql);

    int64_t last_insert_rowid() const;
    /// True when no transaction is open (SQLite rolled back, or none was begun).
    bool in_autocommit() const;

    /// Throws SqliteError for `rc` (logging the message) unless it is SQLITE_OK/ROW/DONE.
    void check(int rc, std::string_view what) const;

    sqlite3* handle() const noexcept { return db_; }

  private:
    struct CachedStatement {
        sqlite3_stmt* stmt = nullptr;
        bool in_use = false;
    };

    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, CachedStatement> cache_;
};

}  // namespace chatter::storage::sqlite
