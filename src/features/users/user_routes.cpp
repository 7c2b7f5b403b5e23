#include "features/users/user_routes.hpp"

#include <fmt/format.h>
#include <boost/beast/http/status.hpp>
#include <boost/json.hpp>

#include "core/error.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::users {

namespace json = boost::json;
namespace bhttp = boost::beast::http;
using bhttp::verb;

namespace {

std::string string_field(const json::object& body, std::string_view key, std::string_view code) {
    const auto* value = body.if_contains(key);
    if (value == nullptr || !value->is_string()) {
        throw Error(Errc::kBadRequest, fmt::format("Field '{}' must be a string.", key), std::string(code));
    }
    return std::string(value->get_string());
}

net::HttpResponse avatar_response(const AvatarImage& image, std::string_view name) {
    net::HttpResponse response{bhttp::status::ok, 11};
    response.set(bhttp::field::content_type, image.mime_type);
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Content-Security-Policy", "sandbox; default-src 'none'");
    response.set(bhttp::field::content_disposition, "inline");
    // A name is never reused for other bytes, so the image can be cached for good.
    response.set(bhttp::field::cache_control, "public, max-age=31536000, immutable");
    response.set(bhttp::field::etag, std::string("\"").append(name).append("\""));
    response.body() = image.bytes;
    return response;
}

}  // namespace

void register_user_routes(http::Router& router, UserService& service) {
    router.add(verb::get, "/api/users/search", [&service](http::RequestContext& context) {
        context.require_user();
        const auto users = service.search(context.query("q").value_or(""));
        return http::ok_json(json::object{{"ok", true}, {"users", users}});
    });

    router.add(verb::get, "/api/users/:username", [&service](http::RequestContext& context) {
        context.require_user();
        return http::ok_json(json::object{{"ok", true}, {"user", service.profile(context.param("username"))}});
    });

    router.add(verb::get, "/api/settings", [&service](http::RequestContext& context) {
        const auto settings = service.settings(context.require_user());
        return http::ok_json(json::object{{"ok", true}, {"settings", settings}});
    });

    router.add(verb::post, "/api/settings", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto settings = service.update_settings(user, context.json_body());
        return http::ok_json(json::object{{"ok", true}, {"settings", settings}});
    });

    router.add(verb::post, std::string(kAvatarUploadPath), [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const std::string_view body_file = context.header(net::kBodyFileHeader);
        if (body_file.empty()) {
            throw Error(Errc::kInternal, "The upload was not streamed to disk.");
        }
        const std::string url =
            service.set_avatar(user, std::filesystem::path(body_file), context.header("Content-Type"));
        return http::ok_json(json::object{{"ok", true}, {"avatar_url", url}});
    });

    router.add(verb::delete_, std::string(kAvatarUploadPath), [&service](http::RequestContext& context) {
        service.clear_avatar(context.require_user());
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add_public(verb::get, "/avatars/:name", [&service](http::RequestContext& context) {
        const std::string& name = context.param("name");
        return avatar_response(service.avatar(name), name);
    });

    router.add(verb::post, "/api/account/delete", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        service.delete_own_account(user, string_field(context.json_body(), "password", "invalid_password"));
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add(verb::delete_, "/api/admin/users/:username", [&service](http::RequestContext& context) {
        service.delete_user(context.require_user(), context.param("username"));
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add(verb::post, "/api/admin/users/:username/role", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        require_superadmin(user, "change roles");
        const std::string role = string_field(context.json_body(), "role", "invalid_role");
        return http::ok_json(json::object{
            {"ok", true}, {"user", service.set_role(user, context.param("username"), role)}});
    });
}

}  // namespace chatter::users
