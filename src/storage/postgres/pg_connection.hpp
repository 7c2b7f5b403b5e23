#pragma once
// Thin wrappers over libpqxx: a connection that prepares each distinct SQL text once, a
// transaction handle that runs every statement as a prepared statement with positional
// parameters ($1, $2, ...), and a row view whose getters match sqlite::Statement's, so the row
// readers of storage/common serve both backends. Not thread-safe: the pool (PgDatabase) hands
// each connection to one thread at a time.

#include <pqxx/pqxx>

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chatter::storage::postgres {

/// One pqxx connection and the names of the statements prepared on it.
class PgConnection {
  public:
    explicit PgConnection(const std::string& url);

    pqxx::connection& raw() { return conn_; }

    /// The name under which `sql` is prepared on this connection (registered on first use).
    const std::string& statement(std::string_view sql);

  private:
    // Server notices (NOTICE, WARNING) go to the log at debug level instead of stderr.
    class NoticeLog final : public pqxx::errorhandler {
      public:
        explicit NoticeLog(pqxx::connection_base& conn) : pqxx::errorhandler(conn) {}
        bool operator()(const char message[]) noexcept override;
    };

    pqxx::connection conn_;
    NoticeLog notices_{conn_};
    std::unordered_map<std::string, std::string> names_;
};

/// A result row. Column indexes are 0-based; NULL reads as 0 or "" (as in SQLite) unless read
/// through the column_opt_* getters.
class Row {
  public:
    explicit Row(const pqxx::row& row) : row_(row) {}

    bool is_null(int column) const;
    int64_t column_int64(int column) const;
    bool column_bool(int column) const;
    std::string column_text(int column) const;
    std::optional<int64_t> column_opt_int64(int column) const;
    std::optional<std::string> column_opt_text(int column) const;

  private:
    pqxx::row row_;
};

/// Statement parameters as text (NULL for nullopt). PostgreSQL text is valid UTF-8 without NUL
/// characters; `storable()` says whether every parameter is.
class Params {
  public:
    template <class... Args>
    explicit Params(const Args&... args) {
        values_.reserve(sizeof...(args));
        (add(args), ...);
    }

    /// libpq's view: one pointer per parameter, nullptr for NULL.
    std::vector<const char*> pointers() const;

    bool storable() const { return storable_; }

  private:
    template <std::integral T>
    void add(T value) {
        if constexpr (std::same_as<T, bool>) {
            values_.emplace_back(value ? "true" : "false");
        } else {
            values_.emplace_back(std::to_string(static_cast<int64_t>(value)));
        }
    }
    void add(std::string_view text);
    void add(const std::string& text) { add(std::string_view(text)); }
    void add(const char* text) { add(std::string_view(text)); }
    void add(std::nullopt_t) { values_.emplace_back(std::nullopt); }
    template <class T>
    void add(const std::optional<T>& value) {
        if (value) {
            add(*value);
        } else {
            add(std::nullopt);
        }
    }

    std::vector<std::optional<std::string>> values_;
    bool storable_ = true;
};

/// A transaction in progress on one connection. Text PostgreSQL cannot hold (see Params) can equal
/// nothing stored, so in a read-only transaction a statement given such text returns no rows (as
/// the same lookup would in SQLite); a writing transaction refuses it with Error(kBadRequest,
/// "invalid_text") before it reaches the server.
class Tx {
  public:
    Tx(PgConnection& conn, pqxx::dbtransaction& work, bool read_only)
        : conn_(conn), work_(work), read_only_(read_only) {}

    template <class... Args>
    pqxx::result exec(std::string_view sql, const Args&... args) {
        return exec_params(sql, Params(args...));
    }

    /// The first row, if any.
    template <class... Args>
    std::optional<Row> first(std::string_view sql, const Args&... args) {
        const auto result = exec(sql, args...);
        if (result.empty()) {
            return std::nullopt;
        }
        return Row(result[0]);
    }

    /// Column 0 of the first row as an integer (0 when there is no row or it is NULL).
    template <class... Args>
    int64_t scalar(std::string_view sql, const Args&... args) {
        const auto row = first(sql, args...);
        return row ? row->column_int64(0) : 0;
    }

    /// Runs a statement that returns no rows; returns the number of rows it changed.
    template <class... Args>
    int64_t run(std::string_view sql, const Args&... args) {
        return static_cast<int64_t>(exec(sql, args...).affected_rows());
    }

    /// Every row read with `reader`.
    template <class Reader, class... Args>
    auto rows(Reader&& reader, std::string_view sql, const Args&... args) {
        const auto result = exec(sql, args...);
        std::vector<decltype(reader(std::declval<const Row&>()))> out;
        out.reserve(result.size());
        for (const auto& row : result) {
            out.push_back(reader(Row(row)));
        }
        return out;
    }

    /// Holds the transaction-scoped advisory lock called `name` until commit or rollback: every
    /// transaction that checks and then changes what `name` guards takes it first.
    void lock(std::string_view name) { run("SELECT pg_advisory_xact_lock(hashtext($1))", name); }

    /// Locks the row of user `id` until commit or rollback (without blocking foreign-key checks
    /// of rows that reference it): serialises per-user rules such as caps and quotas, and keeps
    /// the account from being deleted meanwhile. False when there is no live user `id`.
    bool lock_user(int64_t id) {
        return first("SELECT 1 FROM users WHERE id = $1 AND deleted_at IS NULL FOR NO KEY UPDATE", id).has_value();
    }

    /// Runs SQL without parameters and without preparing it (DDL, several statements).
    void exec_script(const std::string& sql) { work_.exec(sql); }

  private:
    pqxx::result exec_params(std::string_view sql, const Params& params);

    PgConnection& conn_;
    pqxx::dbtransaction& work_;
    bool read_only_;
};

/// `url` with the password (if any) replaced by "***", for logs.
std::string redact_url(const std::string& url);

}  // namespace chatter::storage::postgres
