#pragma once
// Test helpers for the PostgreSQL backend: where the test server is, and a scratch schema per test.
// The server is started by scripts/test-postgres.sh (a ctest fixture, or the caller); when none is
// named the helpers throw, so PostgreSQL tests fail instead of skipping.

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "storage/contract/forwarding_backend.hpp"
#include "storage/postgres/pg_backend.hpp"

namespace chatter::storage::postgres::testing {

/// $CHATTER_TEST_POSTGRES_URL, else the `url=` line of the file named by
/// $CHATTER_TEST_POSTGRES_STATE (which `scripts/test-postgres.sh start FILE` writes).
inline std::string test_server_url() {
    if (const char* url = std::getenv("CHATTER_TEST_POSTGRES_URL"); url != nullptr && *url != '\0') {
        return url;
    }
    const char* state = std::getenv("CHATTER_TEST_POSTGRES_STATE");
    if (state == nullptr || *state == '\0') {
        throw std::runtime_error(
            "no test PostgreSQL: set CHATTER_TEST_POSTGRES_URL, or run the tests through ctest (which starts one with "
            "scripts/test-postgres.sh)"
        );
    }
    std::ifstream in(state);
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("url=")) {
            return line.substr(4);
        }
    }
    throw std::runtime_error(std::string("the test PostgreSQL did not start: no url= line in ") + state);
}

/// `url` with a libpq option added (`key=value`, already URL-encoded for URIs).
inline std::string with_url_option(const std::string& url, const std::string& option) {
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return url + (url.find('?') == std::string::npos ? "?" : "&") + option;
    }
    return url + " " + option;
}

/// Runs one statement on its own connection to the test server.
inline void admin_exec(const std::string& sql) {
    pqxx::connection conn(test_server_url());
    pqxx::nontransaction work(conn);
    work.exec(sql);
}

/// A fresh name of lower-case letters and digits, e.g. for a schema.
inline std::string scratch_name(const std::string& prefix) {
    thread_local std::mt19937_64 random{std::random_device{}()};
    return prefix + std::to_string(random());
}

/// A PgBackend in a fresh schema of the test server (its connections' search_path), migrated from
/// empty; the schema is dropped with everything in it when the backend goes.
class ScratchPgBackend final : public contract::ForwardingBackend {
  public:
    explicit ScratchPgBackend(int pool_size = 4) : schema_(scratch_name("chatter_test_")) {
        admin_exec("CREATE SCHEMA " + schema_);
        try {
            backend_ = PgBackend::open(PgOptions{.url = url(), .pool_size = pool_size});
        } catch (...) {
            drop_schema();
            throw;
        }
    }
    ScratchPgBackend(const ScratchPgBackend&) = delete;
    ScratchPgBackend& operator=(const ScratchPgBackend&) = delete;
    ~ScratchPgBackend() override {
        backend_.reset();
        drop_schema();
    }

    /// The connection URL of this backend's schema.
    std::string url() const { return with_url_option(test_server_url(), "options=-csearch_path%3D" + schema_); }
    const std::string& schema() const { return schema_; }
    PgBackend& backend() { return *backend_; }

  protected:
    Backend& target() override { return *backend_; }

  private:
    void drop_schema() noexcept {
        try {
            admin_exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        } catch (const std::exception& e) {
            spdlog::error("test: cannot drop schema {}: {}", schema_, e.what());
        }
    }

    std::string schema_;
    std::unique_ptr<PgBackend> backend_;
};

}  // namespace chatter::storage::postgres::testing
