#pragma once
// The storage a service sees: one interface per aggregate, no concrete backend.

#include <memory>

#include "storage/channel_store.hpp"
#include "storage/custom_channel_store.hpp"
#include "storage/dm_store.hpp"
#include "storage/doc_store.hpp"
#include "storage/file_store.hpp"
#include "storage/gdm_store.hpp"
#include "storage/moderation_store.hpp"
#include "storage/profile_store.hpp"
#include "storage/reaction_store.hpp"
#include "storage/read_marker_store.hpp"
#include "storage/session_store.hpp"
#include "storage/settings_store.hpp"
#include "storage/token_store.hpp"
#include "storage/user_store.hpp"
#include "storage/voice_channel_store.hpp"

namespace chatter::storage {

/// A backend (SQLite now, PostgreSQL later) opened and migrated; owns every store.
class Backend {
  public:
    virtual ~Backend() = default;

    virtual UserStore& users() = 0;
    virtual SessionStore& sessions() = 0;
    virtual TokenStore& tokens() = 0;
    virtual SettingsStore& settings() = 0;
    virtual AuditStore& audit() = 0;
    virtual ChannelStore& channels() = 0;
    virtual DmStore& dms() = 0;
    virtual GdmStore& gdms() = 0;
    virtual ReactionStore& reactions() = 0;
    virtual PinStore& pins() = 0;
    virtual SearchStore& search() = 0;
    virtual DocStore& docs() = 0;
    virtual FileStore& files() = 0;
    virtual VoiceChannelStore& voice_channels() = 0;
    virtual ModerationStore& moderation() = 0;
    virtual AlertStore& alerts() = 0;
    virtual ReportStore& reports() = 0;
    virtual AdminQueryStore& admin_queries() = 0;
    virtual CustomChannelStore& custom_channels() = 0;
    virtual ProfileStore& profiles() = 0;
    virtual ReadMarkerStore& read_markers() = 0;

    /// Waits for pending writes, then closes every connection. Stores must not be used after.
    virtual void close() = 0;
};

}  // namespace chatter::storage
