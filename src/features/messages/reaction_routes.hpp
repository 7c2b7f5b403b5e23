#pragma once
// HTTP and Socket.IO adapters of reactions and search (docs/api-messaging.md).

#include "features/messages/reaction_service.hpp"
#include "features/realtime/event_registry.hpp"
#include "http/router.hpp"

namespace chatter::messages {

void register_reaction_routes(http::Router& router, ReactionService& service);
void register_reaction_events(realtime::EventRegistry& events, ReactionService& service);

}  // namespace chatter::messages
