#pragma once
// Custom channels in the slash commands: `/message send <channel> <text>` reaches a custom
// channel's message stream when <channel> is not a public channel but names a custom channel the
// caller may open (quote a name with spaces: `/message send "My Channel" hello`).

#include "features/commands/command_registry.hpp"
#include "features/custom_channels/custom_channel_service.hpp"

namespace chatter::custom_channels {

void register_custom_channel_commands(commands::CommandRegistry& registry, CustomChannelService& service);

}  // namespace chatter::custom_channels
