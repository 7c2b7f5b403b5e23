// Socket.IO adapter of the custom channel message stream: custom_join / custom_leave put a
// connection in or out of the room `custom:<id>`, custom_send delivers `custom_message` to it.

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "features/custom_channels/custom_channel_routes.hpp"
#include "features/custom_channels/stream_members.hpp"
#include "socketio/socket.hpp"

namespace chatter::custom_channels {

namespace json = boost::json;
namespace jf = json_fields;

void register_custom_channel_events(
    realtime::EventRegistry& events, CustomChannelService& service, StreamMembers& members, NodeSignals& signals
) {
    signals.on("custom_channel_access", [&service, &members](const json::value& data) {
        const int64_t channel_id = data.as_object().at("channel_id").to_number<int64_t>();
        const auto evicted = members.evict(channel_id, [&](const Principal& principal) {
            return service.may_open(principal, channel_id);
        });
        for (const auto& socket : evicted) {
            socket->leave(room_of(channel_id));
            socket->emit("custom_channel_closed", json::array{json::object{{"channel_id", channel_id}}});
        }
    });
    service.set_access_changed([&signals](int64_t channel_id) {
        signals.raise("custom_channel_access", json::object{{"channel_id", channel_id}});
    });

    events.add("custom_join", [&service, &members](realtime::EventContext& context) {
        const auto channel_id = jf::required_int(jf::as_object(context.payload), "channel_id");
        const auto channel = service.open(context.principal, channel_id);
        context.socket.join(room_of(channel_id));
        members.add(channel_id, context.socket.shared_from_this(), context.principal);
        return json::object{{"ok", true}, {"channel", channel_json(channel, context.principal)}};
    });

    events.add("custom_leave", [&members](realtime::EventContext& context) {
        const auto channel_id = jf::required_int(jf::as_object(context.payload), "channel_id");
        context.socket.leave(room_of(channel_id));
        members.remove(channel_id, context.socket.id());
        return json::object{{"ok", true}};
    });

    events.add("custom_send", [&service](realtime::EventContext& context) {
        const auto& body = jf::as_object(context.payload);
        const auto channel_id = jf::required_int(body, "channel_id");
        const auto text = jf::required_string(body, "text");
        return json::object{{"ok", true}, {"message", service.send(context.principal, channel_id, text)}};
    });
}

}  // namespace chatter::custom_channels
