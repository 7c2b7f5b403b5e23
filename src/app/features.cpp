#include "app/features.hpp"

#include "features/channels/channel_routes.hpp"
#include "features/channels/channel_service.hpp"
#include "features/messages/online_routes.hpp"
#include "features/settings/settings_routes.hpp"
#include "features/settings/settings_service.hpp"

namespace chatter::app {

struct Features::Services {
    explicit Services(FeatureContext& context)
        : settings(context.backend, context.sink), channels(context.backend, settings, context.sink, context.limiter) {}

    settings::SettingsService settings;
    channels::ChannelService channels;
};

Features::Features(FeatureContext& context) : services_(std::make_unique<Services>(context)) {
    Services& s = *services_;
    settings::register_settings_routes(context.router, s.settings);
    messages::register_online_routes(context.router, context.presence);
    channels::register_channel_routes(context.router, s.channels);
    channels::register_channel_events(context.events, s.channels);
}

Features::~Features() = default;

}  // namespace chatter::app
