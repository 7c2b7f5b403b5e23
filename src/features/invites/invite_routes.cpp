#include "features/invites/invite_routes.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "core/time.hpp"
#include "features/gdm/gdm_routes.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::invites {

namespace json = boost::json;
namespace jf = json_fields;
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

std::string origin_of(const Config& config, const http::RequestContext& context) {
    if (!config.public_origin.empty()) {
        std::string origin = config.public_origin;
        while (!origin.empty() && origin.back() == '/') {
            origin.pop_back();
        }
        return origin;
    }
    const std::string host(context.header("Host"));
    // Only a plausible host[:port] goes into a link we hand out.
    const bool plausible = !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    });
    return std::string(context.peer().tls ? "https://" : "http://") + (plausible ? host : "localhost");
}

json::object join_answer(const JoinResult& result) {
    return json::object{{"ok", true}, {"thread_id", result.thread_id}, {"thread_name", result.thread_name}};
}

}  // namespace

void register_invite_routes(http::Router& router, InviteService& service, const Config& config) {
    router.add(verb::post, "/api/gdm/invite/create", [&service, &config](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto& body = context.json_body();
        const auto invite = service.create(user, gdm::thread_id_of(body), jf::optional_int(body, "expires_in"));
        return http::json_response(
            status::created,
            json::object{
                {"ok", true},
                {"invite_code", invite.code},
                {"invite_url", origin_of(config, context) + "/join/" + invite.code},
                {"expires_at", format_iso(invite.expires_at)},
            }
        );
    });

    router.add(verb::get, "/api/gdm/invite/join", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        // A GET that changes state: refuse it when another site made the browser send it (a
        // top-level cross-site navigation still carries a SameSite=Lax cookie).
        if (context.header("Sec-Fetch-Site") == "cross-site") {
            throw Error(Errc::kForbidden, "Open the invite link in Chatter to join.", "cross_site_request");
        }
        const auto code = context.query("code");
        if (!code || code->empty()) {
            throw Error(Errc::kBadRequest, "Parameter 'code' is required.", "missing_field");
        }
        return http::ok_json(join_answer(service.join(user, *code)));
    });

    router.add(verb::post, "/api/gdm/invite/join", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        return http::ok_json(join_answer(service.join(user, jf::required_string(context.json_body(), "code"))));
    });
}

}  // namespace chatter::invites
