#pragma once
// HTTP adapter of group invites: POST /api/gdm/invite/create, GET and POST /api/gdm/invite/join.

#include "core/config.hpp"
#include "features/invites/invite_service.hpp"
#include "http/router.hpp"

namespace chatter::invites {

/// `invite_url` is `<origin>/join/<code>`; origin is config.public_origin, else derived from the
/// request's Host header.
void register_invite_routes(http::Router& router, InviteService& service, const Config& config);

}  // namespace chatter::invites
