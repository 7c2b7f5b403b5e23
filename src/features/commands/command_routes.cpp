#include "features/commands/command_routes.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::commands {

namespace json = boost::json;
namespace jf = chatter::json_fields;
using boost::beast::http::verb;

namespace {

void limit_rate(settings::SettingsService& settings, RateLimiter& limiter, const Principal& principal) {
    const auto snapshot = settings.snapshot();
    const int64_t max = snapshot.integer(settings::kSendRateMax);
    if (max <= 0) {
        return;
    }
    const int window = static_cast<int>(snapshot.integer(settings::kSendRateWindow));
    const std::string key = std::string{"command:"}.append(principal.username);
    if (const int wait = limiter.acquire(key, static_cast<int>(max), window); wait > 0) {
        throw Error(
            Errc::kRateLimited,
            fmt::format("You are running commands too fast. Try again in {} s.", wait),
            "rate_limited"
        )
            .with_retry_after(wait);
    }
}

json::object run(
    const CommandRegistry& registry,
    settings::SettingsService& settings,
    RateLimiter& limiter,
    const Principal& principal,
    const json::value& payload
) {
    const auto& body = jf::as_object(payload);
    const std::string line = jf::required_string(body, "command");
    std::optional<std::string> channel;
    if (const auto* value = body.if_contains("channel"); value != nullptr && value->is_int64()) {
        channel = std::to_string(value->as_int64());
    } else {
        channel = jf::optional_string(body, "channel");
    }
    limit_rate(settings, limiter, principal);
    auto result = registry.run(CommandContext{principal, std::move(channel)}, line);
    json::object out{{"ok", true}, {"text", std::move(result.text)}};
    if (result.data) {
        out["data"] = std::move(*result.data);
    }
    return out;
}

}  // namespace

void register_command_routes(
    http::Router& router,
    realtime::EventRegistry& events,
    const CommandRegistry& registry,
    settings::SettingsService& settings,
    RateLimiter& limiter
) {
    events.add("command", [&registry, &settings, &limiter](realtime::EventContext& context) {
        return run(registry, settings, limiter, context.principal, context.payload);
    });

    router.add(verb::post, "/api/command", [&registry, &settings, &limiter](http::RequestContext& context) {
        const auto& user = context.require_user();
        return http::ok_json(run(registry, settings, limiter, user, json::value(context.json_body())));
    });
}

}  // namespace chatter::commands
