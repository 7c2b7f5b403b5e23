#pragma once
// HTTP and Socket.IO adapters of read markers and unread counts (docs/api-messaging.md).

#include "features/messages/read_service.hpp"
#include "features/realtime/event_registry.hpp"
#include "http/router.hpp"

namespace chatter::messages {

void register_read_routes(http::Router& router, ReadService& service);
void register_read_events(realtime::EventRegistry& events, ReadService& service);

}  // namespace chatter::messages
