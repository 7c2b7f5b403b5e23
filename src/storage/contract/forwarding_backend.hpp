#pragma once
// A Backend that forwards every store to another one: the base of test wrappers that own a
// backend together with what it lives in (a temporary directory, a database schema).

#include "storage/stores.hpp"

namespace chatter::storage::contract {

class ForwardingBackend : public Backend {
  public:
    UserStore& users() override { return target().users(); }
    SessionStore& sessions() override { return target().sessions(); }
    TokenStore& tokens() override { return target().tokens(); }
    SettingsStore& settings() override { return target().settings(); }
    AuditStore& audit() override { return target().audit(); }
    ChannelStore& channels() override { return target().channels(); }
    DmStore& dms() override { return target().dms(); }
    GdmStore& gdms() override { return target().gdms(); }
    ReactionStore& reactions() override { return target().reactions(); }
    PinStore& pins() override { return target().pins(); }
    SearchStore& search() override { return target().search(); }
    DocStore& docs() override { return target().docs(); }
    FileStore& files() override { return target().files(); }
    VoiceChannelStore& voice_channels() override { return target().voice_channels(); }
    ModerationStore& moderation() override { return target().moderation(); }
    AlertStore& alerts() override { return target().alerts(); }
    ReportStore& reports() override { return target().reports(); }
    AdminQueryStore& admin_queries() override { return target().admin_queries(); }
    CustomChannelStore& custom_channels() override { return target().custom_channels(); }
    ProfileStore& profiles() override { return target().profiles(); }
    ReadMarkerStore& read_markers() override { return target().read_markers(); }
    void close() override { target().close(); }

  protected:
    virtual Backend& target() = 0;
};

}  // namespace chatter::storage::contract
