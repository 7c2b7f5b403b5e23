#pragma once
// Test helpers for the SQLite backend: a scratch data directory per test.

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "storage/contract/forwarding_backend.hpp"
#include "storage/sqlite/sqlite_backend.hpp"

namespace chatter::storage::sqlite::testing {

/// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
  public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "chatter-storage-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        path_ = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }

    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

/// A SqliteBackend in its own temporary data directory, which goes away with the backend.
class ScratchSqliteBackend final : public contract::ForwardingBackend {
  public:
    ScratchSqliteBackend() : backend_(SqliteBackend::open(dir_.path())) {}

  protected:
    Backend& target() override { return *backend_; }

  private:
    TempDir dir_;  // declared first: destroyed after the backend has closed its files
    std::unique_ptr<SqliteBackend> backend_;
};

}  // namespace chatter::storage::sqlite::testing
