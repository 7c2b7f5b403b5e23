#pragma once
// HTTP and Socket.IO adapters of direct messages (docs/api-messaging.md, "Direct messages").

#include "features/dm/dm_service.hpp"
#include "features/realtime/event_registry.hpp"
#include "http/router.hpp"

namespace chatter::dm {

void register_dm_routes(http::Router& router, DmService& service);
void register_dm_events(realtime::EventRegistry& events, DmService& service);

}  // namespace chatter::dm
