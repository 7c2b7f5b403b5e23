#pragma once
// The two ways to run a slash command: the Socket.IO event `command {command, channel?}` (answer
// in the ack) and POST /api/command with the same body (for scripts and tests). Both answer
// `{ok: true, text, data?}` to the caller only, and share the per-user command rate limit.

#include "core/rate_limiter.hpp"
#include "features/commands/command_registry.hpp"
#include "features/realtime/event_registry.hpp"
#include "features/settings/settings_service.hpp"
#include "http/router.hpp"

namespace chatter::commands {

/// Limits each user to SEND_RATE_MAX commands per SEND_RATE_WINDOW (the message send rate, counted
/// separately): 429 rate_limited with retry_after beyond.
void register_command_routes(
    http::Router& router,
    realtime::EventRegistry& events,
    const CommandRegistry& registry,
    settings::SettingsService& settings,
    RateLimiter& limiter
);

}  // namespace chatter::commands
