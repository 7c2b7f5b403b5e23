#include "features/gdm/gdm_routes.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::gdm {

namespace json = boost::json;
namespace jf = json_fields;
using boost::beast::http::status;
using boost::beast::http::verb;

namespace {

std::vector<std::string> string_list(const json::object& body, std::string_view key) {
    const json::value* value = body.if_contains(key);
    if (value == nullptr || !value->is_array()) {
        throw Error(
            Errc::kBadRequest, "Field '" + std::string(key) + "' must be a list of usernames.", "invalid_field"
        );
    }
    std::vector<std::string> out;
    for (const auto& item : value->as_array()) {
        if (!item.is_string()) {
            throw Error(
                Errc::kBadRequest, "Field '" + std::string(key) + "' must be a list of usernames.", "invalid_field"
            );
        }
        out.emplace_back(item.get_string());
    }
    return out;
}

int64_t tid_query(const http::RequestContext& context) {
    const auto text = context.query("tid");
    const auto tid = text ? jf::parse_int(*text) : std::nullopt;
    if (!tid) {
        throw Error(Errc::kBadRequest, "Parameter 'tid' must be a thread id.", "invalid_field");
    }
    return *tid;
}

/// `user` or `username`, whichever the client sent.
std::string target_user(const json::object& body) {
    if (auto user = jf::optional_string(body, "user")) {
        return *user;
    }
    return jf::required_string(body, "username");
}

int64_t id_of(const json::value& payload) {
    return payload.is_object() ? jf::required_int(payload.as_object(), "id")
                               : jf::required_int(json::object{{"id", payload}}, "id");
}

}  // namespace

int64_t thread_id_of(const json::object& body) {
    if (auto tid = jf::optional_int(body, "tid")) {
        return *tid;
    }
    return jf::required_int(body, "thread_id");
}

void register_gdm_routes(http::Router& router, GdmService& service) {
    router.add(verb::get, "/api/gdm/threads", [&service](http::RequestContext& context) {
        json::array items;
        for (const auto& thread : service.threads(context.require_user())) {
            items.push_back(thread_json(thread));
        }
        return http::ok_json(items);
    });

    router.add(verb::post, "/api/gdm/threads", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto& body = context.json_body();
        const auto thread = service.create(user, jf::optional_string(body, "name"), string_list(body, "members"));
        return http::json_response(
            status::created, json::object{{"ok", true}, {"id", thread.id}, {"name", thread.name}}
        );
    });

    router.add(verb::get, "/api/gdm/messages", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto rows = service.history(
            user, tid_query(context), messages::page_from(context.query("before"), context.query("limit"))
        );
        json::array items;
        for (const auto& row : rows) {
            items.push_back(messages::gdm_json(row));
        }
        return http::ok_json(items);
    });

    router.add(verb::get, "/api/gdm/thread_info", [&service](http::RequestContext& context) {
        json::object body{{"ok", true}};
        for (const auto& [key, value] :
             thread_json(service.visible_thread(context.require_user(), tid_query(context), true))) {
            body[key] = value;
        }
        return http::ok_json(body);
    });

    router.add(verb::get, "/api/gdm/members", [&service](http::RequestContext& context) {
        json::array names;
        for (const auto& name : service.visible_thread(context.require_user(), tid_query(context)).members) {
            names.push_back(json::value(name));
        }
        return http::ok_json(names);
    });

    router.add(verb::post, "/api/gdm/rename", [&service](http::RequestContext& context) {
        const auto& body = context.json_body();
        const auto thread =
            service.rename(context.require_user(), thread_id_of(body), jf::required_string(body, "name"));
        return http::ok_json(json::object{{"ok", true}, {"id", thread.id}, {"name", thread.name}});
    });

    router.add(verb::post, "/api/gdm/add_member", [&service](http::RequestContext& context) {
        const auto& body = context.json_body();
        std::vector<std::string> users;
        if (body.contains("users")) {
            users = string_list(body, "users");
        } else {
            users.push_back(jf::required_string(body, "username"));
        }
        json::array added;
        for (const auto& name : service.add_members(context.require_user(), thread_id_of(body), users)) {
            added.push_back(json::value(name));
        }
        return http::ok_json(json::object{{"ok", true}, {"added", std::move(added)}});
    });

    router.add(verb::post, "/api/gdm/remove_member", [&service](http::RequestContext& context) {
        const auto& body = context.json_body();
        service.remove_member(context.require_user(), thread_id_of(body), target_user(body));
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add(verb::post, "/api/gdm/kick", [&service](http::RequestContext& context) {
        const auto& body = context.json_body();
        service.kick(context.require_user(), thread_id_of(body), target_user(body));
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add(verb::post, "/api/gdm/transfer", [&service](http::RequestContext& context) {
        const auto& body = context.json_body();
        const auto thread =
            service.transfer(context.require_user(), thread_id_of(body), jf::required_string(body, "new_owner"));
        return http::ok_json(json::object{{"ok", true}, {"created_by", thread.owner}});
    });

    router.add(verb::post, "/api/gdm/leave", [&service](http::RequestContext& context) {
        service.leave(context.require_user(), thread_id_of(context.json_body()));
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add(verb::post, "/api/gdm/lock", [&service](http::RequestContext& context) {
        service.set_locked(context.require_user(), thread_id_of(context.json_body()), true);
        return http::ok_json(json::object{{"ok", true}, {"locked", 1}});
    });

    router.add(verb::post, "/api/gdm/unlock", [&service](http::RequestContext& context) {
        service.set_locked(context.require_user(), thread_id_of(context.json_body()), false);
        return http::ok_json(json::object{{"ok", true}, {"locked", 0}});
    });

    router.add(verb::post, "/api/gdm/delete", [&service](http::RequestContext& context) {
        service.remove_thread(context.require_user(), thread_id_of(context.json_body()));
        return http::ok_json(json::object{{"ok", true}});
    });
}

void register_gdm_events(realtime::EventRegistry& events, GdmService& service) {
    events.add("gdm_send", [&service](realtime::EventContext& context) {
        const auto& body = jf::as_object(context.payload);
        return json::object{
            {"message", service.send(context.principal, thread_id_of(body), messages::send_request_from(body))}};
    });

    events.add("gdm_edit", [&service](realtime::EventContext& context) {
        const auto& body = jf::as_object(context.payload);
        return json::object{
            {"message",
             service.edit(context.principal, jf::required_int(body, "id"), jf::required_string(body, "text"))}};
    });

    events.add("gdm_delete", [&service](realtime::EventContext& context) {
        const int64_t id = id_of(context.payload);
        service.remove_message(context.principal, id);
        return json::object{{"id", id}};
    });

    events.add("gdm_typing", [&service](realtime::EventContext& context) {
        const auto& body = jf::as_object(context.payload);
        service.typing(context.principal, thread_id_of(body), jf::optional_bool(body, "typing").value_or(true));
        return json::object{};
    });
}

}  // namespace chatter::gdm
