#include "features/channels/channel_routes.hpp"

#include <boost/json.hpp>

#include "core/json_fields.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::channels {

namespace json = boost::json;
namespace jf = json_fields;
using boost::beast::http::status;
using boost::beast::http::verb;

void register_channel_routes(http::Router& router, ChannelService& service) {
    router.add(verb::get, "/api/channels", [&service](http::RequestContext& context) {
        context.require_user();
        json::array channels;
        for (const auto& channel : service.list()) {
            channels.push_back(channel_json(channel));
        }
        return http::ok_json(json::object{{"ok", true}, {"channels", std::move(channels)}});
    });

    router.add(verb::post, "/api/channels", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto& body = context.json_body();
        const auto channel = service.create(
            user,
            jf::required_string(body, "name"),
            jf::optional_string(body, "topic").value_or(""),
            jf::optional_bool(body, "announcements_only").value_or(false)
        );
        return http::json_response(status::created, json::object{{"ok", true}, {"channel", channel_json(channel)}});
    });

    router.add(verb::post, "/api/channels/:id", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto& body = context.json_body();
        const auto channel = service.update(
            user,
            context.id_param("id"),
            storage::ChannelChange{
                .name = jf::optional_string(body, "name"),
                .topic = jf::optional_string(body, "topic"),
                .announcements_only = jf::optional_bool(body, "announcements_only"),
            }
        );
        return http::ok_json(json::object{{"ok", true}, {"channel", channel_json(channel)}});
    });

    router.add(verb::delete_, "/api/channels/:id", [&service](http::RequestContext& context) {
        service.remove(context.require_user(), context.id_param("id"));
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add(verb::get, "/api/messages", [&service](http::RequestContext& context) {
        context.require_user();
        const auto history = service.history(
            context.query("channel").value_or("general"),
            messages::page_from(context.query("before"), context.query("limit"))
        );
        json::array items;
        for (const auto& message : history.messages) {
            items.push_back(messages::public_json(message, history.channel.name));
        }
        return http::ok_json(json::object{
            {"ok", true}, {"channel", channel_json(history.channel)}, {"messages", std::move(items)}});
    });
}

void register_channel_events(realtime::EventRegistry& events, ChannelService& service) {
    events.add("send_message", [&service](realtime::EventContext& context) {
        const auto& body = jf::as_object(context.payload);
        const auto channel_ref = messages::reference_from(body, "channel");
        return json::object{
            {"message", service.send(context.principal, channel_ref, messages::send_request_from(body))}};
    });

    events.add("edit_message", [&service](realtime::EventContext& context) {
        const auto& body = jf::as_object(context.payload);
        return json::object{
            {"message",
             service.edit(context.principal, jf::required_int(body, "id"), jf::required_string(body, "text"))}};
    });

    events.add("delete_message", [&service](realtime::EventContext& context) {
        // The original sent a bare id; accept that as well as {id}.
        const int64_t id = context.payload.is_object() ? jf::required_int(context.payload.as_object(), "id")
                                                       : jf::required_int(json::object{{"id", context.payload}}, "id");
        service.remove_message(context.principal, id);
        return json::object{{"id", id}};
    });
}

}  // namespace chatter::channels
