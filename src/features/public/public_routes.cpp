#include "features/public/public_routes.hpp"

#include <boost/json.hpp>

#include "core/time.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::public_api {

namespace json = boost::json;
using boost::beast::http::verb;

void register_public_routes(http::Router& router, storage::Backend& backend, StatusSources sources) {
    router.add(verb::get, "/healthz", [](http::RequestContext&) { return http::ok_json(json::object{{"ok", true}}); });

    router.add(verb::get, "/api/public/status", [&backend, sources](http::RequestContext&) {
        return http::ok_json(json::object{
            {"ok", true},
            {"version", sources.version},
            {"uptime_s", (steady_now_ms() - sources.started_ms) / 1000},
            {"users", backend.users().count()},
            {"online", sources.online ? sources.online() : 0},
            {"features", sources.features ? sources.features() : json::object{}},
        });
    });
}

}  // namespace chatter::public_api
