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
          rooms_(context.voice_rooms != nullptr ? *context.voice_rooms : local_rooms_),
          service_(
              context.backend,
              settings_,
              context.sink,
              rooms_,
              voice::ice_servers_from(
                  context.config.ice_servers, context.config.turn_username, context.config.turn_credential
              )
          ),
          connections_(service_, offload(context)) {
        rooms_.on_external_change([this](const voice::RoomState& room) { service_.announce(room); });
        voice::register_voice_routes(context.router, service_);
        voice::register_voice_events(context.events, service_, connections_);
        context.gdms->on_member_gone([this](int64_t tid, const std::string& username) {
            service_.drop_group_member(tid, username);
        });
    }

  private:
    // Leaving rooms kept in Redis waits on the network: not on the thread a socket closed on.
    static voice::VoiceConnections::Offload offload(FeatureContext& context) {
        if (context.voice_rooms == nullptr || !context.voice_rooms->blocking()) {
            return {};
        }
        return [&workers = context.workers](std::function<void()> job) { workers.post(std::move(job)); };
    }

    // Settings are read from storage on each call, so this instance sees every admin change.
    settings::SettingsService settings_;
    voice::LocalVoiceRooms local_rooms_;
    voice::VoiceRooms& rooms_;
    voice::VoiceService service_;
    voice::VoiceConnections connections_;
};

}  // namespace

std::unique_ptr<FeatureArea> make_voice_area(FeatureContext& context) {
    return std::make_unique<VoiceArea>(context);
}

}  // namespace chatter::app
