#include "features/auth/auth_routes.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "core/time.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::auth {

namespace json = boost::json;
namespace jf = json_fields;
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

std::string session_cookie(
    const Config& config, const http::RequestContext& context, const std::string& token, int64_t max_age
) {
    const bool secure = config.secure_cookies || context.peer().tls;
    return fmt::format(
        "{}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}", kSessionCookie, token, max_age, secure ? "; Secure" : ""
    );
}

ClientInfo client_of(const http::RequestContext& context) {
    return ClientInfo{context.client_ip(), std::string(context.header("User-Agent"))};
}

net::HttpResponse signed_in(
    const Config& config, http::RequestContext& context, const SessionGrant& grant, status code
) {
    const int64_t max_age = grant.expires_at - unix_now();
    context.extra_headers().emplace_back("Set-Cookie", session_cookie(config, context, grant.token, max_age));
    return http::json_response(
        code, json::object{{"ok", true}, {"username", grant.principal.username}, {"role", grant.principal.role}}
    );
}

}  // namespace

std::optional<Principal> RequestAuthenticator::authenticate(http::RequestContext& context) {
    const std::string_view authorization = context.header("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.size() > kBearer.size() && authorization.substr(0, kBearer.size()) == kBearer) {
        auto principal = service_.authenticate_token(authorization.substr(kBearer.size()));
        if (!principal) {
            throw Error(Errc::kUnauthorized, "The API token is not valid.", "invalid_token");
        }
        return principal;
    }
    if (auto cookie = context.cookie(kSessionCookie)) {
        return service_.authenticate_session(*cookie);
    }
    return std::nullopt;
}

void register_auth_routes(http::Router& router, AuthService& service, const Config& config) {
    router.add_public(verb::post, "/api/auth/register", [&service, &config](http::RequestContext& context) {
        const auto& body = context.json_body();
        const auto grant = service.register_user(
            jf::required_string(body, "username"),
            jf::required_string(body, "password"),
            jf::optional_string(body, "email"),
            client_of(context)
        );
        return signed_in(config, context, grant, status::created);
    });

    router.add_public(verb::post, "/api/auth/login", [&service, &config](http::RequestContext& context) {
        const auto& body = context.json_body();
        const auto grant = service.login(
            jf::required_string(body, "username"), jf::required_string(body, "password"), client_of(context)
        );
        return signed_in(config, context, grant, status::ok);
    });

    router.add_public(verb::post, "/api/auth/logout", [&service, &config](http::RequestContext& context) {
        if (context.user()) {
            service.logout(*context.user());
        }
        context.extra_headers().emplace_back("Set-Cookie", session_cookie(config, context, "", 0));
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add_public(verb::get, "/api/whoami", [](http::RequestContext& context) {
        const auto& user = context.user();
        json::object body{{"ok", true}};
        body["username"] = user ? json::value(user->username) : json::value(nullptr);
        body["role"] = user ? json::value(user->role) : json::value(nullptr);
        body["id"] = user ? json::value(user->id) : json::value(nullptr);
        body["auth"] = !user ? json::value(nullptr) : json::value(user->token_id ? "token" : "session");
        return http::ok_json(body);
    });

    router.add(verb::get, "/api/auth/sessions", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        json::array sessions;
        for (const auto& s : service.list_sessions(user)) {
            sessions.push_back(json::object{
                {"id", s.id},
                {"created_at", format_iso(s.created_at)},
                {"last_seen_at", format_iso(s.last_seen_at)},
                {"expires_at", format_iso(s.expires_at)},
                {"user_agent", s.user_agent},
                {"ip", s.ip},
                {"current", user.session_id && *user.session_id == s.id},
            });
        }
        return http::ok_json(json::object{{"ok", true}, {"sessions", std::move(sessions)}});
    });

    router.add(verb::delete_, "/api/auth/sessions/:id", [&service](http::RequestContext& context) {
        service.revoke_session(context.require_user(), context.id_param("id"));
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add(verb::post, "/api/auth/password", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto& body = context.json_body();
        const int64_t revoked = service.change_password(
            user, jf::required_string(body, "current_password"), jf::required_string(body, "new_password")
        );
        return http::ok_json(json::object{{"ok", true}, {"revoked_sessions", revoked}});
    });

    router.add(verb::post, "/api/auth/tokens", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto created = service.create_token(user, jf::required_string(context.json_body(), "name"));
        return http::json_response(
            status::created,
            json::object{
                {"ok", true},
                {"id", created.record.id},
                {"name", created.record.name},
                {"token", created.token},
                {"created_at", format_iso(created.record.created_at)},
            }
        );
    });

    router.add(verb::get, "/api/auth/tokens", [&service](http::RequestContext& context) {
        json::array tokens;
        for (const auto& t : service.list_tokens(context.require_user())) {
            tokens.push_back(json::object{
                {"id", t.id},
                {"name", t.name},
                {"created_at", format_iso(t.created_at)},
                {"last_used_at", t.last_used_at ? json::value(format_iso(*t.last_used_at)) : json::value(nullptr)},
            });
        }
        return http::ok_json(json::object{{"ok", true}, {"tokens", std::move(tokens)}});
    });

    router.add(verb::delete_, "/api/auth/tokens/:id", [&service](http::RequestContext& context) {
        service.delete_token(context.require_user(), context.id_param("id"));
        return http::ok_json(json::object{{"ok", true}});
    });
}

}  // namespace chatter::auth
