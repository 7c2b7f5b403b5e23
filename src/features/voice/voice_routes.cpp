#include "features/voice/voice_routes.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::voice {

namespace json = boost::json;
namespace jf = json_fields;
using boost::beast::http::verb;

void register_voice_routes(http::Router& router, VoiceService& service) {
    router.add(verb::get, "/api/voice/channels", [&service](http::RequestContext& context) {
        context.require_user();
        json::object body{{"ok", true}};
        for (auto& [key, value] : service.list_channels()) {
            body[key] = value;
        }
        return http::ok_json(body);
    });

    router.add(verb::post, "/api/voice/channels", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto name = jf::required_string(context.json_body(), "name");
        return http::ok_json(json::object{{"ok", true}, {"name", service.create_channel(user, name)}});
    });

    router.add(verb::delete_, "/api/voice/channels/:name", [&service](http::RequestContext& context) {
        service.delete_channel(context.require_user(), context.param("name"));
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add(verb::get, "/api/voice/config", [&service](http::RequestContext& context) {
        context.require_user();
        return http::ok_json(json::object{
            {"ok", true}, {"enabled", service.enabled()}, {"ice_servers", service.ice_servers_json()}});
    });
}

}  // namespace chatter::voice
