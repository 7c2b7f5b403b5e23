#include "features/public/public_routes.hpp"

#include <boost/json.hpp>

#include <map>

#include "core/time.hpp"
#include "features/settings/settings_service.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::public_api {

namespace json = boost::json;
using boost::beast::http::verb;

namespace {

// A toggle as the settings service reads it: stored "0"/"1", else the documented default.
bool toggle(const std::map<std::string, std::string>& stored, std::string_view key, bool fallback) {
    const auto it = stored.find(std::string(key));
    return it == stored.end() ? fallback : it->second == "1";
}

}  // namespace

void register_public_routes(http::Router& router, storage::Backend& backend, StatusSources sources) {
    router.add_public(verb::get, "/healthz", [](http::RequestContext&) {
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add_public(verb::get, "/api/public/status", [&backend, sources](http::RequestContext&) {
        json::object features = sources.features ? sources.features() : json::object{};
        const auto stored = backend.settings().fetch_all();
        features["public_channels"] = toggle(stored, settings::kPublicEnabled, true);
        features["dms"] = toggle(stored, settings::kDmEnabled, true);
        features["group_dms"] = toggle(stored, settings::kGdmEnabled, true);
        features["registration"] = !toggle(stored, settings::kInviteOnlyMode, false);
        features["maintenance"] = toggle(stored, settings::kMaintenanceMode, false);
        return http::ok_json(json::object{
            {"ok", true},
            {"version", sources.version},
            {"uptime_s", (steady_now_ms() - sources.started_ms) / 1000},
            {"users", backend.users().count()},
            {"online", sources.online ? sources.online() : 0},
            {"features", std::move(features)},
        });
    });

    router.add_public(verb::get, "/api/public/info", [&backend, sources](http::RequestContext&) {
        const bool invite_only = toggle(backend.settings().fetch_all(), settings::kInviteOnlyMode, false);
        return http::ok_json(json::object{
            {"ok", true},
            {"site_name", sources.site_name},
            {"registration", invite_only ? "invite_only" : "open"},
            {"version", sources.version},
        });
    });
}

}  // namespace chatter::public_api
