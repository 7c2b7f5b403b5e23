#include "features/settings/settings_routes.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::settings {

namespace json = boost::json;
using boost::beast::http::verb;

namespace {

json::object settings_json(const SettingsSnapshot& snapshot) {
    json::object values;
    for (const auto& [key, value] : snapshot.values()) {
        values[key] = value;
    }
    return json::object{{"ok", true}, {"settings", std::move(values)}};
}

}  // namespace

void register_settings_routes(http::Router& router, SettingsService& service) {
    router.add(verb::get, "/api/admin/settings", [&service](http::RequestContext& context) {
        require_admin(context.require_user());
        return http::ok_json(settings_json(service.snapshot()));
    });

    router.add(verb::post, "/api/admin/settings", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        require_admin(user);
        const auto* values = context.json_body().if_contains("settings");
        if (values == nullptr || !values->is_object()) {
            throw Error(Errc::kBadRequest, "Field 'settings' must be an object of KEY: value.", "invalid_field");
        }
        return http::ok_json(settings_json(service.update(user, values->as_object())));
    });

    router.add(verb::get, "/api/messaging/config", [&service](http::RequestContext& context) {
        context.require_user();
        json::object body{{"ok", true}};
        for (const auto& [key, value] : SettingsService::messaging_config(service.snapshot())) {
            body[key] = value;
        }
        return http::ok_json(body);
    });
}

}  // namespace chatter::settings
