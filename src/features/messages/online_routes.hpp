#pragma once
// GET /api/users/online: who has at least one connected socket.

#include "features/presence/presence_service.hpp"
#include "http/router.hpp"

namespace chatter::messages {

void register_online_routes(http::Router& router, presence::PresenceService& presence);

}  // namespace chatter::messages
