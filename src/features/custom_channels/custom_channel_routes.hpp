#pragma once
// Adapters of custom channels: the REST routes under /api/channels/custom (registration, list,
// toggle, share, re-fetch, acceptance, the script itself, `utils.storage`) and the Socket.IO
// events of the per-channel message stream (custom_join, custom_leave, custom_send).

#include "core/node_signals.hpp"
#include "features/custom_channels/custom_channel_service.hpp"
#include "features/realtime/event_registry.hpp"
#include "http/router.hpp"

namespace chatter::custom_channels {

class StreamMembers;

void register_custom_channel_routes(http::Router& router, CustomChannelService& service);

/// `members` tracks who has a stream open here, so a channel that is deleted, disabled or unshared
/// closes the streams of users who may no longer see it (`custom_channel_closed`); `signals`
/// carry that change to every node of a cluster.
void register_custom_channel_events(
    realtime::EventRegistry& events, CustomChannelService& service, StreamMembers& members, NodeSignals& signals
);

}  // namespace chatter::custom_channels
