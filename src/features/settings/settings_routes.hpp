#pragma once
// HTTP adapter of the admin settings and the public messaging config.

#include "features/settings/settings_service.hpp"
#include "http/router.hpp"

namespace chatter::settings {

/// GET/POST /api/admin/settings (admins), GET /api/messaging/config (any signed-in user).
void register_settings_routes(http::Router& router, SettingsService& service);

}  // namespace chatter::settings
