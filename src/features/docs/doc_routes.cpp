#include "features/docs/doc_routes.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "core/time.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::docs {

namespace json = boost::json;
namespace jf = json_fields;
namespace beast_http = boost::beast::http;
using beast_http::verb;

namespace {

std::vector<MemberSpec> member_specs(const json::object& body) {
    std::vector<MemberSpec> out;
    const json::value* value = body.if_contains("members");
    if (value == nullptr || value->is_null()) {
        return out;
    }
    auto bad = [] {
        return Error(Errc::kBadRequest, "'members' must be a list of {username, role}.", "invalid_field");
    };
    if (!value->is_array()) {
        throw bad();
    }
    for (const auto& item : value->as_array()) {
        if (!item.is_object()) {
            throw bad();
        }
        const auto& member = item.as_object();
        out.push_back(MemberSpec{
            .username = jf::required_string(member, "username"),
            .role = jf::optional_string(member, "role").value_or("viewer"),
        });
    }
    return out;
}

std::string escape_html(const std::string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

json::value revision_json(const storage::DocRevisionRecord& row) {
    return json::object{
        {"revision", row.revision},
        {"username", row.username ? json::value(*row.username) : json::value(nullptr)},
        {"created_at", format_iso(row.created_at)},
        {"length", row.length},
    };
}

}  // namespace

std::string export_body(const std::string& name, const std::string& content, const std::string& format) {
    if (format == "md" || format == "txt") {
        return content;
    }
    if (format == "html") {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape_html(name) +
               "</title></head><body><pre>" + escape_html(content) + "</pre></body></html>\n";
    }
    throw Error(Errc::kBadRequest, "Export formats are md, txt and html.", "invalid_format");
}

void register_doc_routes(http::Router& router, DocService& service) {
    router.add(verb::post, "/api/doc/create", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto& body = context.json_body();
        const auto doc = service.create(
            user,
            jf::required_string(body, "name"),
            jf::optional_string(body, "content").value_or(""),
            member_specs(body)
        );
        return http::ok_json(json::object{{"ok", true}, {"id", doc.id}, {"doc_id", doc.id}});
    });

    router.add(verb::get, "/api/doc/list", [&service](http::RequestContext& context) {
        json::array items;
        for (const auto& doc : service.list(context.require_user())) {
            items.push_back(doc_json(doc));
        }
        return http::ok_json(json::object{{"ok", true}, {"documents", std::move(items)}});
    });

    router.add(verb::get, "/api/doc/:id", [&service](http::RequestContext& context) {
        const auto doc = service.get(context.require_user(), context.id_param("id"));
        auto body = doc_json(doc);
        body["ok"] = true;
        body["content"] = doc.content;
        body["revision"] = doc.revision;
        return http::ok_json(body);
    });

    router.add(verb::get, "/api/doc/:id/members", [&service](http::RequestContext& context) {
        json::array items;
        for (const auto& member : service.members(context.require_user(), context.id_param("id"))) {
            items.push_back(member_json(member));
        }
        return http::ok_json(json::object{{"ok", true}, {"members", std::move(items)}});
    });

    router.add(verb::post, "/api/doc/:id/add_member", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto id = context.id_param("id");
        const auto& body = context.json_body();
        const auto member = service.add_member(
            user, id, jf::required_string(body, "username"), jf::optional_string(body, "role").value_or("viewer")
        );
        return http::ok_json(json::object{{"ok", true}, {"member", member_json(member)}});
    });

    router.add(verb::post, "/api/doc/:id/remove_member", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto id = context.id_param("id");
        service.remove_member(user, id, jf::required_string(context.json_body(), "username"));
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add(verb::post, "/api/doc/:id/update_member_role", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto id = context.id_param("id");
        const auto& body = context.json_body();
        const auto member = service.update_member_role(
            user, id, jf::required_string(body, "username"), jf::required_string(body, "role")
        );
        return http::ok_json(json::object{{"ok", true}, {"member", member_json(member)}});
    });

    router.add(verb::post, "/api/doc/:id/delete", [&service](http::RequestContext& context) {
        service.remove(context.require_user(), context.id_param("id"));
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add(verb::get, "/api/doc/:id/revisions", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        std::optional<int64_t> before;
        if (auto text = context.query("before")) {
            before = jf::parse_int(*text);
            if (!before) {
                throw Error(Errc::kBadRequest, "'before' must be a revision number.", "invalid_field");
            }
        }
        int limit = 50;
        if (auto text = context.query("limit")) {
            const auto parsed = jf::parse_int(*text);
            if (!parsed || *parsed < 1) {
                throw Error(Errc::kBadRequest, "'limit' must be a positive number.", "invalid_field");
            }
            limit = static_cast<int>(std::min<int64_t>(*parsed, kMaxRevisionsPage));
        }
        json::array items;
        for (const auto& row : service.revisions(user, context.id_param("id"), before, limit)) {
            items.push_back(revision_json(row));
        }
        return http::ok_json(json::object{{"ok", true}, {"revisions", std::move(items)}});
    });

    router.add(verb::get, "/api/doc/:id/revisions/:rev", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto id = context.id_param("id");
        const auto rev = jf::parse_int(context.param("rev"));
        if (!rev) {
            throw Error(Errc::kNotFound, "No such revision.", "revision_not_found");
        }
        auto content = service.content_at(user, id, *rev);
        json::object body{{"ok", true}, {"revision", *rev}, {"content", std::move(content)}};
        for (const auto& row : service.revisions(user, id, *rev + 1, 1)) {
            body["username"] = row.username ? json::value(*row.username) : json::value(nullptr);
            body["created_at"] = format_iso(row.created_at);
        }
        return http::ok_json(body);
    });

    router.add(verb::post, "/api/doc/:id/restore", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto id = context.id_param("id");
        const auto revision = service.restore(user, id, jf::required_int(context.json_body(), "revision"));
        return http::ok_json(json::object{{"ok", true}, {"revision", revision}});
    });

    router.add(verb::get, "/api/doc/:id/export", [&service](http::RequestContext& context) {
        const auto doc = service.get(context.require_user(), context.id_param("id"));
        const auto format = context.query("format").value_or("md");
        auto body = export_body(doc.name, doc.content, format);
        static const std::map<std::string, std::string> kTypes{
            {"md", "text/markdown; charset=utf-8"},
            {"txt", "text/plain; charset=utf-8"},
            {"html", "text/html; charset=utf-8"},
        };
        net::HttpResponse response{beast_http::status::ok, 11};
        response.set(beast_http::field::content_type, kTypes.at(format));
        response.set(beast_http::field::cache_control, "no-store");
        response.set(
            beast_http::field::content_disposition,
            "attachment; filename=\"document-" + std::to_string(doc.id) + "." + format + "\""
        );
        response.body() = std::move(body);
        return response;
    });
}

}  // namespace chatter::docs
