#include "features/custom_channels/custom_channel_routes.hpp"

#include <fmt/format.h>

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::custom_channels {

namespace json = boost::json;
namespace jf = json_fields;
namespace bhttp = boost::beast::http;
using bhttp::verb;

namespace {

net::HttpResponse channel_answer(const storage::CustomChannelRecord& channel, const Principal& user) {
    return http::ok_json(json::object{{"ok", true}, {"channel", channel_json(channel, user)}});
}

bool required_bool(const json::object& body, std::string_view key) {
    const auto value = jf::optional_bool(body, key);
    if (!value) {
        throw Error(Errc::kBadRequest, fmt::format("Field '{}' must be true or false.", key), "missing_field");
    }
    return *value;
}

}  // namespace

void register_custom_channel_routes(http::Router& router, CustomChannelService& service) {
    router.add(verb::post, "/api/channels/custom/register", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto& body = context.json_body();
        const auto url = jf::required_string(body, "url");
        const auto name = jf::required_string(body, "name");
        const bool enabled = jf::optional_bool(body, "enabled").value_or(true);
        const auto id = service.register_channel(user, url, name, enabled);
        return http::ok_json(json::object{
            {"ok", true}, {"id", id}, {"channel", channel_json(service.get(user, id), user)}});
    });

    router.add(verb::get, "/api/channels/custom/list", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        json::array channels;
        for (const auto& channel : service.list(user)) {
            channels.push_back(channel_json(channel, user));
        }
        return http::ok_json(json::object{{"ok", true}, {"channels", std::move(channels)}});
    });

    router.add(verb::get, "/api/channels/custom/:id", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        return channel_answer(service.get(user, context.id_param("id")), user);
    });

    router.add(verb::delete_, "/api/channels/custom/:id", [&service](http::RequestContext& context) {
        service.remove(context.require_user(), context.id_param("id"));
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add(verb::post, "/api/channels/custom/:id/toggle", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto id = context.id_param("id");
        // Without `enabled` the route flips the current state, as its name says.
        auto enabled = jf::optional_bool(context.json_body(), "enabled");
        if (!enabled) {
            enabled = !service.get(user, id).enabled;
        }
        return channel_answer(service.toggle(user, id, *enabled), user);
    });

    router.add(verb::post, "/api/channels/custom/:id/share", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const bool shared = required_bool(context.json_body(), "shared");
        return channel_answer(service.share(user, context.id_param("id"), shared), user);
    });

    router.add(verb::post, "/api/channels/custom/:id/refetch", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto id = context.id_param("id");
        const auto before = service.get(user, id).sha256;
        const auto channel = service.refetch(user, id);
        return http::ok_json(json::object{
            {"ok", true}, {"changed", channel.sha256 != before}, {"channel", channel_json(channel, user)}});
    });

    router.add(verb::post, "/api/channels/custom/:id/accept", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto sha256 = jf::required_string(context.json_body(), "sha256");
        return channel_answer(service.accept(user, context.id_param("id"), sha256), user);
    });

    router.add(verb::post, "/api/channels/custom/:id/dismiss", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        return channel_answer(service.dismiss(user, context.id_param("id")), user);
    });

    router.add(verb::get, "/api/channels/custom/:id/script.js", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        auto script = service.script(user, context.id_param("id"));
        // `?v=<sha256>`: the client asks for the version the user accepted; a newer one is refused
        // rather than run unreviewed.
        if (const auto version = context.query("v"); version && *version != script.sha256) {
            throw Error(Errc::kConflict, "The channel's script has changed since you accepted it.", "script_changed");
        }
        net::HttpResponse response;
        response.result(bhttp::status::ok);
        response.set(bhttp::field::content_type, "text/javascript; charset=utf-8");
        response.set(bhttp::field::cache_control, "private, no-store");
        response.set("X-Content-Type-Options", "nosniff");
        response.set(bhttp::field::etag, fmt::format("\"{}\"", script.sha256));
        response.body() = std::move(script.text);
        return response;
    });

    router.add(verb::get, "/api/channels/custom/:id/storage", [&service](http::RequestContext& context) {
        json::array keys;
        for (auto& key : service.storage_keys(context.require_user(), context.id_param("id"))) {
            keys.emplace_back(key);
        }
        return http::ok_json(json::object{{"ok", true}, {"keys", std::move(keys)}});
    });

    router.add(verb::get, "/api/channels/custom/:id/storage/:key", [&service](http::RequestContext& context) {
        const auto& key = context.param("key");
        const auto text = service.storage_get(context.require_user(), context.id_param("id"), key);
        return http::ok_json(json::object{{"ok", true}, {"key", key}, {"value", json::parse(text)}});
    });

    router.add(verb::put, "/api/channels/custom/:id/storage/:key", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto* value = context.json_body().if_contains("value");
        if (value == nullptr) {
            throw Error(Errc::kBadRequest, "Field 'value' is required (any JSON value).", "missing_field");
        }
        service.storage_put(user, context.id_param("id"), context.param("key"), json::serialize(*value));
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add(verb::delete_, "/api/channels/custom/:id/storage/:key", [&service](http::RequestContext& context) {
        service.storage_remove(context.require_user(), context.id_param("id"), context.param("key"));
        return http::ok_json(json::object{{"ok", true}});
    });
}

}  // namespace chatter::custom_channels
