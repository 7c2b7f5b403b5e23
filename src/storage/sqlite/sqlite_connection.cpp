#include "storage/sqlite/sqlite_connection.hpp"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <utility>

namespace chatter::storage::sqlite {

SqliteError::SqliteError(int code, std::string detail)
    : Error(Errc::kInternal, "A database error occurred.", "internal"), code_(code), detail_(std::move(detail)) {}

bool SqliteError::is_unique_violation() const noexcept {
    return code_ == SQLITE_CONSTRAINT_UNIQUE || code_ == SQLITE_CONSTRAINT_PRIMARYKEY;
}

namespace {

constexpr std::size_t kMaxLoggedSql = 160;

// One line of at most kMaxLoggedSql characters: enough to recognise the statement in a log.
std::string sql_excerpt(std::string_view sql) {
    std::string out;
    bool space = false;
    for (char c : sql) {
        const bool is_space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (is_space) {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        if (out.size() >= kMaxLoggedSql) {
            out += "...";
            break;
        }
        out += c;
    }
    return out;
}

}  // namespace

// ---- Statement ----

Statement::Statement(Connection& conn, sqlite3_stmt* stmt, bool* in_use) : conn_(&conn), stmt_(stmt), in_use_(in_use) {}

Statement::Statement(Statement&& other) noexcept
    : conn_(other.conn_), stmt_(std::exchange(other.stmt_, nullptr)), in_use_(std::exchange(other.in_use_, nullptr)) {}

Statement::~Statement() {
    if (stmt_ == nullptr) {
        return;
    }
    if (in_use_ != nullptr) {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        *in_use_ = false;
    } else {
        sqlite3_finalize(stmt_);
    }
}

void Statement::check_bind(int rc) const {
    conn_->check(rc, "bind");
}

Statement& Statement::bind_int64(int index, int64_t value) {
    check_bind(sqlite3_bind_int64(stmt_, index, value));
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    // SQLITE_TRANSIENT: SQLite copies the text, so callers may pass temporaries.
    check_bind(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
    check_bind(sqlite3_bind_null(stmt_, index));
    return *this;
}

int Statement::parameter_index(std::string_view name) const {
    const int index = sqlite3_bind_parameter_index(stmt_, std::string(name).c_str());
    if (index == 0) {
        throw SqliteError(SQLITE_RANGE, "no SQL parameter named " + std::string(name));
    }
    return index;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    // sqlite3_step returns only the primary code; the connection knows the extended one.
    conn_->check(sqlite3_extended_errcode(conn_->handle()), sqlite3_sql(stmt_));
    return false;
}

int64_t Statement::run() {
    while (step()) {
    }
    return sqlite3_changes64(conn_->handle());
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::column_int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

std::string Statement::column_text(int column) const {
    const auto* text = sqlite3_column_text(stmt_, column);
    const int size = sqlite3_column_bytes(stmt_, column);
    if (text == nullptr) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

std::optional<int64_t> Statement::column_opt_int64(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return column_int64(column);
}

std::optional<std::string> Statement::column_opt_text(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return column_text(column);
}

// ---- Connection ----

Connection::Connection(const std::filesystem::path& file, ConnectionOptions options) {
    const int flags = (options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) |
                      SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        spdlog::error("sqlite: cannot open {}: {}", file.string(), message);
        throw SqliteError(rc, "cannot open " + file.string() + ": " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    try {
        check(sqlite3_busy_timeout(db_, options.busy_timeout_ms), "busy_timeout");
        if (!options.read_only) {
            exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        }
    } catch (...) {
        sqlite3_close(db_);
        throw;
    }
}

Connection::~Connection() {
    for (auto& [sql, cached] : cache_) {
        sqlite3_finalize(cached.stmt);
    }
    if (const int rc = sqlite3_close(db_); rc != SQLITE_OK) {
        spdlog::error("sqlite: close failed: {}", sqlite3_errstr(rc));
    }
}

Statement Connection::prepare(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end() && !it->second.in_use) {
        it->second.in_use = true;
        return Statement(*this, it->second.stmt, &it->second.in_use);
    }
    sqlite3_stmt* stmt = nullptr;
    check(
        sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr),
        sql
    );
    if (it != cache_.end()) {
        // The same SQL is already stepping (nested use); this copy lives only as long as the handle.
        return Statement(*this, stmt, nullptr);
    }
    auto [slot, inserted] = cache_.emplace(std::string(sql), CachedStatement{stmt, true});
    return Statement(*this, slot->second.stmt, &slot->second.in_use);
}

void Connection::exec(std::string_view sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error);
    if (error != nullptr) {
        sqlite3_free(error);
    }
    check(rc == SQLITE_OK ? rc : sqlite3_extended_errcode(db_), sql);
}

int64_t Connection::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}

bool Connection::in_autocommit() const {
    return sqlite3_get_autocommit(db_) != 0;
}

void Connection::check(int rc, std::string_view what) const {
    if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) {
        return;
    }
    std::string detail = std::string(sqlite3_errstr(rc)) + ": " + sqlite3_errmsg(db_) + " [" + sql_excerpt(what) + "]";
    // Constraint violations are often expected (a taken username) and translated by the caller;
    // anything else is a server fault worth an error line.
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        spdlog::debug("sqlite: {}", detail);
    } else {
        spdlog::error("sqlite: {}", detail);
    }
    throw SqliteError(rc, std::move(detail));
}

}  // namespace chatter::storage::sqlite
