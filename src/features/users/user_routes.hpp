#pragma once
// HTTP adapter of the users area: /api/users/:username, /api/users/search, /api/settings,
// /api/account/avatar, /api/account/delete, GET /avatars/:name and the superadmin rows
// DELETE /api/admin/users/:username and POST /api/admin/users/:username/role.

#include "features/users/user_service.hpp"
#include "http/router.hpp"

namespace chatter::users {

/// The avatar upload target; the HTTP session streams its body to disk (see server.cpp).
inline constexpr std::string_view kAvatarUploadPath = "/api/account/avatar";

void register_user_routes(http::Router& router, UserService& service);

}  // namespace chatter::users
