#include "features/messages/reaction_routes.hpp"

#include <boost/json.hpp>

#include "core/json_fields.hpp"
#include "core/time.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::messages {

namespace json = boost::json;
namespace jf = json_fields;
using boost::beast::http::verb;

namespace {

json::object react(ReactionService& service, const Principal& principal, const json::object& body, bool add) {
    const auto reactions = service.react(
        principal,
        jf::required_string(body, "message_type"),
        jf::required_int(body, "message_id"),
        jf::required_string(body, "emoji"),
        add
    );
    return json::object{{"ok", true}, {"reactions", reactions_json(reactions)}};
}

json::object hit_json(const storage::SearchHit& hit) {
    json::object out{
        {"type", hit.kind},
        {"id", hit.id},
        {"username", hit.username},
        {"text", hit.text},
        {"created_at", format_iso(hit.created_at)}};
    if (hit.kind == "public") {
        out["channel_id"] = hit.conversation_id;
    } else if (hit.kind == "gdm") {
        out["thread_id"] = hit.conversation_id;
    } else {
        out["from_user"] = hit.username;
        out["to_user"] = hit.to_username;
    }
    return out;
}

}  // namespace

void register_reaction_routes(http::Router& router, ReactionService& service) {
    router.add(verb::post, "/api/reactions/add", [&service](http::RequestContext& context) {
        return http::ok_json(react(service, context.require_user(), context.json_body(), true));
    });

    router.add(verb::post, "/api/reactions/remove", [&service](http::RequestContext& context) {
        return http::ok_json(react(service, context.require_user(), context.json_body(), false));
    });

    router.add(verb::get, "/api/reactions/:message_id/:message_type", [&service](http::RequestContext& context) {
        const auto reactions =
            service.list(context.require_user(), context.param("message_type"), context.id_param("message_id"));
        return http::ok_json(json::object{{"ok", true}, {"reactions", reactions_json(reactions)}});
    });

    router.add(verb::post, "/api/pins/add", [&service](http::RequestContext& context) {
        const auto& body = context.json_body();
        service.pin(
            context.require_user(),
            jf::required_string(body, "message_type"),
            jf::required_int(body, "message_id"),
            true
        );
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add(verb::post, "/api/pins/remove", [&service](http::RequestContext& context) {
        const auto& body = context.json_body();
        service.pin(
            context.require_user(),
            jf::required_string(body, "message_type"),
            jf::required_int(body, "message_id"),
            false
        );
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add(verb::get, "/api/pins", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const std::string type = context.query("type").value_or("public");
        const std::string key = type == "dm" ? "peer" : type == "gdm" ? "tid" : "channel";
        const std::string ref = context.query(key).value_or(type == "public" ? "general" : "");
        return http::ok_json(json::object{{"ok", true}, {"messages", service.pins(user, type, ref)}});
    });

    router.add(verb::get, "/api/search", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto page = page_from(std::nullopt, context.query("limit"));
        json::array results;
        for (const auto& hit : service.search(user, context.query("q").value_or(""), page.limit)) {
            results.push_back(hit_json(hit));
        }
        return http::ok_json(json::object{{"ok", true}, {"results", std::move(results)}});
    });
}

void register_reaction_events(realtime::EventRegistry& events, ReactionService& service) {
    events.add("reaction_add", [&service](realtime::EventContext& context) {
        return react(service, context.principal, jf::as_object(context.payload), true);
    });
    events.add("reaction_remove", [&service](realtime::EventContext& context) {
        return react(service, context.principal, jf::as_object(context.payload), false);
    });
}

}  // namespace chatter::messages
