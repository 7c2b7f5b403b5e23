#pragma once
// The cluster storage backend: a PostgreSQL database shared by every chatterd node.

#include <memory>

#include "storage/postgres/pg_channel_store.hpp"
#include "storage/postgres/pg_custom_channel_store.hpp"
#include "storage/postgres/pg_database.hpp"
#include "storage/postgres/pg_dm_store.hpp"
#include "storage/postgres/pg_doc_store.hpp"
#include "storage/postgres/pg_file_store.hpp"
#include "storage/postgres/pg_gdm_store.hpp"
#include "storage/postgres/pg_moderation_store.hpp"
#include "storage/postgres/pg_profile_store.hpp"
#include "storage/postgres/pg_reaction_store.hpp"
#include "storage/postgres/pg_read_marker_store.hpp"
#include "storage/postgres/pg_session_store.hpp"
#include "storage/postgres/pg_settings_store.hpp"
#include "storage/postgres/pg_user_store.hpp"
#include "storage/postgres/pg_voice_channel_store.hpp"
#include "storage/stores.hpp"

namespace chatter::storage::postgres {

class PgBackend final : public Backend {
  public:
    /// Connects, applies any missing migrations and returns the backend. Throws Error
    /// (kUnavailable "database_unavailable" when the server cannot be reached, "schema_too_new"
    /// when a newer chatterd migrated the database).
    static std::unique_ptr<PgBackend> open(const PgOptions& options);

    explicit PgBackend(std::unique_ptr<PgDatabase> db);
    ~PgBackend() override;

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
    PgDatabase& database() { return *db_; }

  private:
    std::unique_ptr<PgDatabase> db_;
    PgUserStore users_;
    PgSessionStore sessions_;
    PgTokenStore tokens_;
    PgSettingsStore settings_;
    PgAuditStore audit_;
    PgChannelStore channels_;
    PgDmStore dms_;
    PgGdmStore gdms_;
    PgReactionStore reactions_;
    PgPinStore pins_;
    PgSearchStore search_;
    PgDocStore docs_;
    PgFileStore files_;
    PgVoiceChannelStore voice_channels_;
    PgModerationStore moderation_;
    PgAlertStore alerts_;
    PgReportStore reports_;
    PgAdminQueryStore admin_queries_;
    PgCustomChannelStore custom_channels_;
    PgProfileStore profiles_;
    PgReadMarkerStore read_markers_;
};

}  // namespace chatter::storage::postgres
