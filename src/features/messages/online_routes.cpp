#include "features/messages/online_routes.hpp"

#include <boost/json.hpp>

#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::messages {

namespace json = boost::json;
using boost::beast::http::verb;

void register_online_routes(http::Router& router, presence::PresenceService& presence) {
    router.add(verb::get, "/api/users/online", [&presence](http::RequestContext& context) {
        context.require_user();
        json::array users;
        for (const auto& name : presence.online_users()) {
            users.push_back(json::object{{"username", name}, {"status", "online"}});
        }
        return http::ok_json(json::object{{"ok", true}, {"users", std::move(users)}});
    });
}

}  // namespace chatter::messages
