#pragma once
// The default storage backend: one SQLite file under the data directory.

#include <filesystem>
#include <memory>

#include "storage/sqlite/sqlite_channel_store.hpp"
#include "storage/sqlite/sqlite_custom_channel_store.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_dm_store.hpp"
#include "storage/sqlite/sqlite_doc_store.hpp"
#include "storage/sqlite/sqlite_file_store.hpp"
#include "storage/sqlite/sqlite_gdm_store.hpp"
#include "storage/sqlite/sqlite_moderation_store.hpp"
#include "storage/sqlite/sqlite_profile_store.hpp"
#include "storage/sqlite/sqlite_reaction_store.hpp"
#include "storage/sqlite/sqlite_read_marker_store.hpp"
#include "storage/sqlite/sqlite_session_store.hpp"
#include "storage/sqlite/sqlite_settings_store.hpp"
#include "storage/sqlite/sqlite_user_store.hpp"
#include "storage/sqlite/sqlite_voice_channel_store.hpp"
#include "storage/stores.hpp"

namespace chatter::storage::sqlite {

class SqliteBackend final : public Backend {
  public:
    /// Opens `<data_dir>/chatter.db` (creating the directory and file when missing), applies any
    /// missing migrations, and starts the writer. Throws Error (code "schema_too_new" when the file
    /// was migrated by a newer chatterd).
    static std::unique_ptr<SqliteBackend> open(const std::filesystem::path& data_dir, int reader_count = 4);

    explicit SqliteBackend(std::unique_ptr<Database> db);
    ~SqliteBackend() override;

    UserStore& users() override { return users_; }
    SessionStore& sessions() override { return sessions_; }
    TokenStore& tokens() override { return tokens_; }
    SettingsStore& settings() override { return settings_; }
    AuditStore& audit() override { return audit_; }
    ChannelStore& channels() override { return channels_; }
    DmStore& dms() override { return dms_; }
    GdmStore& gdms() override { return gdms_; }
    ReactionStore& reactions() override { return reactions_; }
    PinStore& pins() override { return pins_; }
    SearchStore& search() override { return search_; }
    DocStore& docs() override { return docs_; }
    FileStore& files() override { return files_; }
    VoiceChannelStore& voice_channels() override { return voice_channels_; }
    ModerationStore& moderation() override { return moderation_; }
    AlertStore& alerts() override { return alerts_; }
    ReportStore& reports() override { return reports_; }
    AdminQueryStore& admin_queries() override { return admin_queries_; }
    CustomChannelStore& custom_channels() override { return custom_channels_; }
    ProfileStore& profiles() override { return profiles_; }
    ReadMarkerStore& read_markers() override { return read_markers_; }
    void close() override;

    /// The underlying database, for tests and maintenance.
    Database& database() { return *db_; }

  private:
    std::unique_ptr<Database> db_;
    SqliteUserStore users_;
    SqliteSessionStore sessions_;
    SqliteTokenStore tokens_;
    SqliteSettingsStore settings_;
    SqliteAuditStore audit_;
    SqliteChannelStore channels_;
    SqliteDmStore dms_;
    SqliteGdmStore gdms_;
    SqliteReactionStore reactions_;
    SqlitePinStore pins_;
    SqliteSearchStore search_;
    SqliteDocStore docs_;
    SqliteFileStore files_;
    SqliteVoiceChannelStore voice_channels_;
    SqliteModerationStore moderation_;
    SqliteAlertStore alerts_;
    SqliteReportStore reports_;
    SqliteAdminQueryStore admin_queries_;
    SqliteCustomChannelStore custom_channels_;
    SqliteProfileStore profiles_;
    SqliteReadMarkerStore read_markers_;
};

}  // namespace chatter::storage::sqlite
