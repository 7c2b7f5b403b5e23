#include "features/messages/read_routes.hpp"

#include <boost/json.hpp>

#include "core/json_fields.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::messages {

namespace json = boost::json;
namespace jf = json_fields;
using boost::beast::http::verb;

namespace {

// `{kind, id | name | peer | thread_id (or tid), message_id}`, the same for POST /api/read and the
// `mark_read` event.
json::object mark_read(ReadService& service, const Principal& principal, const json::object& body) {
    ReadTarget target{.kind = jf::required_string(body, "kind")};
    if (target.kind == "channel") {
        if (body.contains("id")) {
            target.id = jf::required_int(body, "id");
        } else {
            target.name = jf::required_string(body, "name");
        }
    } else if (target.kind == "dm") {
        target.name = jf::required_string(body, "peer");
    } else if (target.kind == "gdm") {
        target.id = jf::required_int(body, body.contains("thread_id") ? "thread_id" : "tid");
    }
    const int64_t message_id = jf::required_int(body, "message_id");
    return service.mark_read(principal, target, message_id);
}

}  // namespace

void register_read_routes(http::Router& router, ReadService& service) {
    router.add(verb::post, "/api/read", [&service](http::RequestContext& context) {
        auto out = mark_read(service, context.require_user(), context.json_body());
        out["ok"] = true;
        return http::ok_json(out);
    });

    router.add(verb::get, "/api/unread", [&service](http::RequestContext& context) {
        return http::ok_json(json::object{{"ok", true}, {"conversations", service.unread(context.require_user())}});
    });
}

void register_read_events(realtime::EventRegistry& events, ReadService& service) {
    events.add("mark_read", [&service](realtime::EventContext& context) {
        return mark_read(service, context.principal, jf::as_object(context.payload));
    });
}

}  // namespace chatter::messages
