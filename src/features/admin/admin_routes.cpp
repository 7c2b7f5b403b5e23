#include "features/admin/admin_routes.hpp"

#include <fmt/format.h>
#include <boost/beast/http/status.hpp>
#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "core/time.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::admin {

namespace json = boost::json;
namespace jf = json_fields;
using boost::beast::http::verb;

namespace {

constexpr int kDefaultPage = 50;

int query_int(const http::RequestContext& context, std::string_view name, int fallback) {
    const auto text = context.query(name);
    if (!text || text->empty()) {
        return fallback;
    }
    const auto value = jf::parse_int(*text);
    if (!value || *value < -1'000'000'000 || *value > 1'000'000'000) {
        throw Error(Errc::kBadRequest, fmt::format("Parameter '{}' must be an integer.", name), "invalid_query");
    }
    return static_cast<int>(*value);
}

std::string optional_text(const json::object& body, std::string_view key) {
    return jf::optional_string(body, key).value_or("");
}

json::object ok(json::object body = {}) {
    body["ok"] = true;
    return body;
}

json::object address_ban_json(const storage::AddressBanRecord& ban) {
    return json::object{
        {"id", ban.id},
        {"network", ban.network},
        {"reason", ban.reason},
        {"created_by", ban.created_by},
        {"created_at", format_iso(ban.created_at)},
    };
}

void register_user_routes(http::Router& router, AdminService& admin) {
    router.add(verb::get, "/api/admin/users", [&admin](http::RequestContext& context) {
        auto page = admin.list_users(
            context.require_user(),
            context.query("q").value_or(""),
            query_int(context, "limit", kDefaultPage),
            query_int(context, "offset", 0)
        );
        json::array users;
        for (auto& user : page.users) {
            users.push_back(std::move(user));
        }
        return http::ok_json(ok({{"users", std::move(users)}, {"total", page.total}}));
    });

    router.add(verb::post, "/api/admin/users", [&admin](http::RequestContext& context) {
        const auto& caller = context.require_user();
        const auto& body = context.json_body();
        auto user = admin.create_user(
            caller,
            jf::required_string(body, "username"),
            jf::required_string(body, "password"),
            jf::optional_string(body, "role").value_or("user")
        );
        return http::json_response(boost::beast::http::status::created, ok({{"user", std::move(user)}}));
    });

    router.add(verb::post, "/api/admin/users/:username/password", [&admin](http::RequestContext& context) {
        const auto& caller = context.require_user();
        admin.reset_password(caller, context.param("username"), jf::required_string(context.json_body(), "password"));
        return http::ok_json(ok());
    });

    router.add(verb::post, "/api/admin/users/:username/ban", [&admin](http::RequestContext& context) {
        const auto& caller = context.require_user();
        admin.ban(caller, context.param("username"), optional_text(context.json_body(), "reason"));
        return http::ok_json(ok());
    });

    router.add(verb::post, "/api/admin/users/:username/unban", [&admin](http::RequestContext& context) {
        admin.unban(context.require_user(), context.param("username"));
        return http::ok_json(ok());
    });

    router.add(verb::post, "/api/admin/users/:username/timeout", [&admin](http::RequestContext& context) {
        const auto& caller = context.require_user();
        const auto& body = context.json_body();
        const int64_t until = admin.timeout(
            caller, context.param("username"), jf::required_int(body, "seconds"), optional_text(body, "reason")
        );
        return http::ok_json(ok({{"until", format_iso(until)}}));
    });

    router.add(verb::delete_, "/api/admin/users/:username/timeout", [&admin](http::RequestContext& context) {
        admin.remove_timeout(context.require_user(), context.param("username"));
        return http::ok_json(ok());
    });
}

void register_ban_routes(http::Router& router, AdminService& admin) {
    router.add(verb::get, "/api/admin/bans/addresses", [&admin](http::RequestContext& context) {
        json::array bans;
        for (const auto& ban : admin.address_bans(context.require_user())) {
            bans.push_back(address_ban_json(ban));
        }
        return http::ok_json(ok({{"bans", std::move(bans)}}));
    });

    router.add(verb::post, "/api/admin/bans/addresses", [&admin](http::RequestContext& context) {
        const auto& caller = context.require_user();
        const auto& body = context.json_body();
        const auto ban = admin.ban_address(
            caller, jf::required_string(body, "address"), optional_text(body, "reason"), context.client_ip()
        );
        return http::json_response(boost::beast::http::status::created, ok({{"ban", address_ban_json(ban)}}));
    });

    router.add(verb::delete_, "/api/admin/bans/addresses/:id", [&admin](http::RequestContext& context) {
        admin.unban_address(context.require_user(), context.id_param("id"));
        return http::ok_json(ok());
    });
}

void register_console_routes(http::Router& router, AdminService& admin, AlertService& alerts, ReportService& reports) {
    router.add(verb::get, "/api/admin/audit", [&admin](http::RequestContext& context) {
        const auto& caller = context.require_user();
        std::optional<int64_t> before;
        if (const auto text = context.query("before"); text && !text->empty()) {
            before = jf::parse_int(*text);
            if (!before) {
                throw Error(Errc::kBadRequest, "Parameter 'before' must be an audit entry id.", "invalid_query");
            }
        }
        json::array entries;
        for (const auto& entry : admin.audit(caller, before, query_int(context, "limit", kDefaultPage))) {
            entries.push_back(audit_json(entry));
        }
        return http::ok_json(ok({{"entries", std::move(entries)}}));
    });

    router.add(verb::get, "/api/admin/overview", [&admin](http::RequestContext& context) {
        return http::ok_json(ok(admin.overview(context.require_user())));
    });

    router.add(verb::get, "/api/alerts", [&alerts](http::RequestContext& context) {
        context.require_user();
        json::array list;
        for (const auto& alert : alerts.active()) {
            list.push_back(alert_json(alert));
        }
        return http::ok_json(ok({{"alerts", std::move(list)}}));
    });

    router.add(verb::post, "/api/admin/alerts", [&alerts](http::RequestContext& context) {
        const auto& caller = context.require_user();
        const auto& body = context.json_body();
        const auto alert = alerts.create(
            caller,
            jf::required_string(body, "text"),
            jf::optional_string(body, "level").value_or("info"),
            jf::optional_string(body, "expires_at")
        );
        return http::json_response(boost::beast::http::status::created, ok({{"alert", alert_json(alert)}}));
    });

    router.add(verb::delete_, "/api/admin/alerts/:id", [&alerts](http::RequestContext& context) {
        alerts.remove(context.require_user(), context.id_param("id"));
        return http::ok_json(ok());
    });

    router.add(verb::post, "/api/admin/system_message", [&alerts](http::RequestContext& context) {
        const auto& caller = context.require_user();
        const auto& body = context.json_body();
        auto message =
            alerts.post_as_system(caller, jf::required_string(body, "channel"), jf::required_string(body, "text"));
        return http::ok_json(ok({{"message", std::move(message)}}));
    });

    router.add(verb::get, "/api/admin/reports", [&reports](http::RequestContext& context) {
        json::array list;
        for (const auto& report : reports.list(context.require_user(), context.query("status").value_or("open"))) {
            list.push_back(report_json(report));
        }
        return http::ok_json(ok({{"reports", std::move(list)}}));
    });

    router.add(verb::post, "/api/admin/reports/:id/resolve", [&reports](http::RequestContext& context) {
        const auto& caller = context.require_user();
        const auto report = reports.resolve(caller, context.id_param("id"), optional_text(context.json_body(), "note"));
        return http::ok_json(ok({{"report", report_json(report)}}));
    });
}

}  // namespace

void register_admin_routes(http::Router& router, AdminService& admin, AlertService& alerts, ReportService& reports) {
    register_user_routes(router, admin);
    register_ban_routes(router, admin);
    register_console_routes(router, admin, alerts, reports);
}

void register_report_events(realtime::EventRegistry& events, ReportService& reports) {
    events.add("report_message", [&reports](realtime::EventContext& context) {
        const auto& body = jf::as_object(context.payload);
        const auto report = reports.report_message(
            context.principal,
            jf::required_int(body, "message_id"),
            jf::optional_string(body, "kind").value_or("channel"),
            jf::required_string(body, "reason")
        );
        return json::object{{"report", report_json(report)}};
    });

    events.add("report_user", [&reports](realtime::EventContext& context) {
        const auto& body = jf::as_object(context.payload);
        const auto report = reports.report_user(
            context.principal, jf::required_string(body, "username"), jf::required_string(body, "reason")
        );
        return json::object{{"report", report_json(report)}};
    });
}

}  // namespace chatter::admin
