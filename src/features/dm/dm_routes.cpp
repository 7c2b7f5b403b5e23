#include "features/dm/dm_routes.hpp"

#include <boost/json.hpp>

#include "core/json_fields.hpp"
#include "core/time.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::dm {

namespace json = boost::json;
namespace jf = json_fields;
using boost::beast::http::verb;

namespace {

std::string required_query(const http::RequestContext& context, std::string_view name) {
    auto value = context.query(name);
    if (!value || value->empty()) {
        throw Error(Errc::kBadRequest, "Parameter '" + std::string(name) + "' is required.", "missing_field");
    }
    return *value;
}

int64_t id_of(const json::value& payload) {
    // The original sent bare ids for deletes; accept that as well as {id}.
    return payload.is_object() ? jf::required_int(payload.as_object(), "id")
                               : jf::required_int(json::object{{"id", payload}}, "id");
}

}  // namespace

void register_dm_routes(http::Router& router, DmService& service) {
    router.add(verb::get, "/api/dm/peers", [&service](http::RequestContext& context) {
        json::array names;
        for (const auto& name : service.peers(context.require_user())) {
            names.push_back(json::value(name));
        }
        return http::ok_json(names);
    });

    router.add(verb::get, "/api/dm/messages", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto rows = service.history(
            user, required_query(context, "peer"), messages::page_from(context.query("before"), context.query("limit"))
        );
        json::array items;
        for (const auto& row : rows) {
            items.push_back(messages::dm_json(row));
        }
        return http::ok_json(items);
    });

    router.add(verb::get, "/api/dm/settings", [&service](http::RequestContext& context) {
        return http::ok_json(json::object{{"ok", true}, {"allow_dms", service.allow_dms(context.require_user())}});
    });

    router.add(verb::post, "/api/dm/settings", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        service.set_allow_dms(user, jf::required_string(context.json_body(), "allow_dms"));
        return http::ok_json(json::object{{"ok", true}, {"allow_dms", service.allow_dms(user)}});
    });

    router.add(verb::get, "/api/admin/dm_logs", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto rows = service.logs(
            user, required_query(context, "peer"), messages::page_from(context.query("before"), context.query("limit"))
        );
        json::array items;
        for (const auto& row : rows) {
            items.push_back(json::object{
                {"id", row.id},
                {"from_user", row.from_user},
                {"to_user", row.to_user},
                {"text", row.text},
                {"created_at", format_iso(row.created_at)},
            });
        }
        return http::ok_json(items);
    });
}

void register_dm_events(realtime::EventRegistry& events, DmService& service) {
    events.add("dm_send", [&service](realtime::EventContext& context) {
        const auto& body = jf::as_object(context.payload);
        return json::object{
            {"message",
             service.send(context.principal, jf::required_string(body, "to"), messages::send_request_from(body))}};
    });

    events.add("dm_edit", [&service](realtime::EventContext& context) {
        const auto& body = jf::as_object(context.payload);
        return json::object{
            {"message",
             service.edit(context.principal, jf::required_int(body, "id"), jf::required_string(body, "text"))}};
    });

    events.add("dm_delete", [&service](realtime::EventContext& context) {
        const int64_t id = id_of(context.payload);
        service.remove(context.principal, id);
        return json::object{{"id", id}};
    });

    events.add("dm_typing", [&service](realtime::EventContext& context) {
        const auto& body = jf::as_object(context.payload);
        service.typing(
            context.principal, jf::required_string(body, "to"), jf::optional_bool(body, "typing").value_or(true)
        );
        return json::object{};
    });
}

}  // namespace chatter::dm
