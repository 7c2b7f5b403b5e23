#pragma once
// HTTP and Socket.IO adapters of public channels (docs/api-messaging.md, "Public channels").

#include "features/channels/channel_service.hpp"
#include "features/realtime/event_registry.hpp"
#include "http/router.hpp"

namespace chatter::channels {

void register_channel_routes(http::Router& router, ChannelService& service);
void register_channel_events(realtime::EventRegistry& events, ChannelService& service);

}  // namespace chatter::channels
