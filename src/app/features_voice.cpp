#include "app/features.hpp"
#include "features/gdm/gdm_service.hpp"
#include "features/settings/settings_service.hpp"
#include "features/voice/voice_routes.hpp"
#include "features/voice/voice_service.hpp"

namespace chatter::app {

namespace {

class VoiceArea final : public FeatureArea {
  public:
    explicit VoiceArea(FeatureContext& context)
        : settings_(context.backend, context.sink),
          service_(
              context.backend,
              settings_,
              context.sink,
              voice::ice_servers_from(
                  context.config.ice_servers, context.config.turn_username, context.config.turn_credential
              )
          ),
          connections_(service_) {
        voice::register_voice_routes(context.router, service_);
        voice::register_voice_events(context.events, service_, connections_);
        context.gdms->on_member_gone([this](int64_t tid, const std::string& username) {
            service_.drop_group_member(tid, username);
        });
    }

  private:
    // Settings are read from storage on each call, so this instance sees every admin change.
    settings::SettingsService settings_;
    voice::VoiceService service_;
    voice::VoiceConnections connections_;
};

}  // namespace

std::unique_ptr<FeatureArea> make_voice_area(FeatureContext& context) {
    return std::make_unique<VoiceArea>(context);
}

}  // namespace chatter::app
