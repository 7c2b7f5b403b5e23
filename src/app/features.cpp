#include "app/features.hpp"

#include "features/channels/channel_routes.hpp"
#include "features/channels/channel_service.hpp"
#include "features/commands/builtin_commands.hpp"
#include "features/commands/command_routes.hpp"
#include "features/dm/dm_routes.hpp"
#include "features/dm/dm_service.hpp"
#include "features/gdm/gdm_routes.hpp"
#include "features/gdm/gdm_service.hpp"
#include "features/invites/invite_routes.hpp"
#include "features/invites/invite_service.hpp"
#include "features/messages/online_routes.hpp"
#include "features/messages/reaction_routes.hpp"
#include "features/messages/reaction_service.hpp"
#include "features/settings/settings_routes.hpp"
#include "features/settings/settings_service.hpp"

namespace chatter::app {

struct Features::Services {
    explicit Services(FeatureContext& context)
        : settings(context.backend, context.sink),
          channels(context.backend, settings, context.sink, context.limiter),
          dms(context.backend, settings, context.sink, context.limiter),
          gdms(context.backend, settings, context.sink, context.limiter),
          invites(context.backend, settings, gdms),
          reactions(context.backend, settings, gdms, context.sink) {}

    settings::SettingsService settings;
    channels::ChannelService channels;
    dm::DmService dms;
    gdm::GdmService gdms;
    invites::InviteService invites;
    messages::ReactionService reactions;
    commands::CommandRegistry commands;
};

Features::Features(FeatureContext& context) : services_(std::make_unique<Services>(context)) {
    Services& s = *services_;
    settings::register_settings_routes(context.router, s.settings);
    messages::register_online_routes(context.router, context.presence);
    channels::register_channel_routes(context.router, s.channels);
    channels::register_channel_events(context.events, s.channels);
    dm::register_dm_routes(context.router, s.dms);
    dm::register_dm_events(context.events, s.dms);
    gdm::register_gdm_routes(context.router, s.gdms);
    gdm::register_gdm_events(context.events, s.gdms);
    invites::register_invite_routes(context.router, s.invites, context.config);
    messages::register_reaction_routes(context.router, s.reactions);
    messages::register_reaction_events(context.events, s.reactions);
    commands::register_core_commands(s.commands, s.channels, context.presence, context.backend.users());
    commands::register_command_routes(context.router, context.events, s.commands, s.settings, context.limiter);
    context.commands = &s.commands;
    context.gdms = &s.gdms;
    // Files first: documents publish into its FileService.
    for (auto* make :
         {make_files_area,
          make_documents_area,
          make_voice_area,
          make_admin_area,
          make_custom_channels_area,
          make_users_area,
          make_reads_area}) {
        if (auto area = make(context)) {
            areas_.push_back(std::move(area));
        }
    }
}

Features::~Features() = default;

}  // namespace chatter::app
