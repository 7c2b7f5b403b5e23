#pragma once
// Test helpers for the SQLite backend: a scratch data directory per test.

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

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
class ScratchSqliteBackend final : public Backend {
  public:
    ScratchSqliteBackend() : backend_(SqliteBackend::open(dir_.path())) {}

    UserStore& users() override { return backend_->users(); }
    SessionStore& sessions() override { return backend_->sessions(); }
    TokenStore& tokens() override { return backend_->tokens(); }
    SettingsStore& settings() override { return backend_->settings(); }
    AuditStore& audit() override { return backend_->audit(); }
    ChannelStore& channels() override { return backend_->channels(); }
    DmStore& dms() override { return backend_->dms(); }
    GdmStore& gdms() override { return backend_->gdms(); }
    ReactionStore& reactions() override { return backend_->reactions(); }
    PinStore& pins() override { return backend_->pins(); }
    SearchStore& search() override { return backend_->search(); }
    DocStore& docs() override { return backend_->docs(); }
    FileStore& files() override { return backend_->files(); }
    VoiceChannelStore& voice_channels() override { return backend_->voice_channels(); }
    ModerationStore& moderation() override { return backend_->moderation(); }
    AlertStore& alerts() override { return backend_->alerts(); }
    ReportStore& reports() override { return backend_->reports(); }
    AdminQueryStore& admin_queries() override { return backend_->admin_queries(); }
    CustomChannelStore& custom_channels() override { return backend_->custom_channels(); }
    ProfileStore& profiles() override { return backend_->profiles(); }
    ReadMarkerStore& read_markers() override { return backend_->read_markers(); }
    void close() override { backend_->close(); }

  private:
    TempDir dir_;  // declared first: destroyed after the backend has closed its files
    std::unique_ptr<SqliteBackend> backend_;
};

}  // namespace chatter::storage::sqlite::testing
