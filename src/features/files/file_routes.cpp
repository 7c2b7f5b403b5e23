#include "features/files/file_routes.hpp"

#include "features/files/url_import.hpp"

#include <boost/beast/http/status.hpp>
#include <boost/json.hpp>

#include <charconv>
#include <fstream>

#include "core/error.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::files {

namespace json = boost::json;
namespace bhttp = boost::beast::http;
using bhttp::verb;

namespace {

constexpr std::string_view kDownloadCsp = "sandbox; default-src 'none'";

struct ByteRange {
    int64_t first = 0;
    int64_t last = 0;  // inclusive
};

std::optional<int64_t> parse_number(std::string_view text) {
    int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || value < 0) {
        return std::nullopt;
    }
    return value;
}

// A single `bytes=` range. nullopt + unsatisfiable=false: serve the whole file (absent, several
// ranges or a syntax the server ignores, as RFC 9110 allows); unsatisfiable=true: 416.
std::optional<ByteRange> parse_range(std::string_view header, int64_t size, bool& unsatisfiable) {
    unsatisfiable = false;
    if (header.rfind("bytes=", 0) != 0 || header.find(',') != std::string_view::npos) {
        return std::nullopt;
    }
    header.remove_prefix(6);
    const size_t dash = header.find('-');
    if (dash == std::string_view::npos) {
        return std::nullopt;
    }
    const auto first = parse_number(header.substr(0, dash));
    const auto last = parse_number(header.substr(dash + 1));
    if (!first) {
        if (!last || header.substr(0, dash) != "") {
            return std::nullopt;
        }
        if (*last == 0 || size == 0) {
            unsatisfiable = true;
            return std::nullopt;
        }
        return ByteRange{std::max<int64_t>(0, size - *last), size - 1};
    }
    if (!last && dash + 1 != header.size()) {
        return std::nullopt;
    }
    if (last && *last < *first) {
        return std::nullopt;
    }
    if (*first >= size) {
        unsatisfiable = true;
        return std::nullopt;
    }
    return ByteRange{*first, last ? std::min(*last, size - 1) : size - 1};
}

std::string read_bytes(const std::filesystem::path& path, int64_t offset, int64_t count) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(Errc::kNotFound, "There is no such file (it may have expired).", "file_not_found");
    }
    std::string data(static_cast<size_t>(count), '\0');
    in.seekg(offset);
    in.read(data.data(), count);
    data.resize(static_cast<size_t>(in.gcount()));
    return data;
}

net::HttpResponse download(FileService& service, http::RequestContext& context) {
    const auto file = service.find(context.param("id"));
    if (!file) {
        throw Error(Errc::kNotFound, "There is no such file (it may have expired).", "file_not_found");
    }
    const std::string etag = "\"" + file->id + "\"";
    net::HttpResponse response;
    response.set(bhttp::field::etag, etag);
    response.set(bhttp::field::cache_control, "private, no-cache");
    response.set(bhttp::field::accept_ranges, "bytes");
    response.set("Content-Security-Policy", kDownloadCsp);
    response.set("X-Content-Type-Options", "nosniff");
    response.set(bhttp::field::content_type, file->mime_type);
    response.set(
        bhttp::field::content_disposition,
        std::string(inline_safe(file->mime_type) ? "inline" : "attachment") + "; filename*=UTF-8''" +
            percent_encode(file->name)
    );
    if (context.header("If-None-Match") == etag) {
        response.result(bhttp::status::not_modified);
        return response;
    }
    bool unsatisfiable = false;
    const auto range = parse_range(context.header("Range"), file->size, unsatisfiable);
    if (unsatisfiable) {
        response.result(bhttp::status::range_not_satisfiable);
        response.set(bhttp::field::content_range, "bytes */" + std::to_string(file->size));
        response.set(bhttp::field::content_type, "text/plain");
        return response;
    }
    const auto path = service.path_of(file->id);
    if (range) {
        response.result(bhttp::status::partial_content);
        response.set(
            bhttp::field::content_range,
            "bytes " + std::to_string(range->first) + "-" + std::to_string(range->last) + "/" +
                std::to_string(file->size)
        );
        response.body() = read_bytes(path, range->first, range->last - range->first + 1);
    } else {
        response.result(bhttp::status::ok);
        response.body() = read_bytes(path, 0, file->size);
    }
    return response;
}

json::object uploaded(const storage::FileRecord& file) {
    json::object body = file_json(file);
    body.erase("uploaded_by");
    body.erase("created_at");
    body["ok"] = true;
    return body;
}

}  // namespace

void register_file_routes(http::Router& router, FileService& service, UrlImporter* importer) {
    router.add(verb::post, "/api/files/upload", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const std::string_view body_file = context.header(net::kBodyFileHeader);
        if (body_file.empty()) {
            throw Error(Errc::kInternal, "The upload was not streamed to disk.");
        }
        const auto file = service.upload(user, std::filesystem::path(body_file), context.header("Content-Type"));
        return http::json_response(bhttp::status::created, uploaded(file));
    });

    router.add(verb::post, "/api/files/upload-url", [&service, importer](http::RequestContext& context) {
        const auto& user = context.require_user();
        auto& body = context.json_body();
        const auto* url = body.if_contains("url");
        if (url == nullptr || !url->is_string()) {
            throw Error(Errc::kBadRequest, "Field 'url' must be an http or https URL.", "invalid_url");
        }
        const int64_t expires_in = service.expiry(expires_in_from(body));
        if (importer == nullptr) {
            throw Error(Errc::kUnavailable, "URL import is not available.", "unavailable");
        }
        const auto file = import_url(*importer, service, user, std::string(url->as_string()), expires_in);
        return http::json_response(bhttp::status::created, uploaded(file));
    });

    router.add(verb::get, "/api/files/list", [&service](http::RequestContext& context) {
        const auto& user = context.require_user();
        const bool all = context.query("all").value_or("") == "1";
        json::array files;
        for (const auto& file : service.list(user, all)) {
            files.push_back(file_json(file));
        }
        return http::ok_json(json::object{{"ok", true}, {"files", std::move(files)}});
    });

    router.add(verb::get, "/api/files/:id", [&service](http::RequestContext& context) {
        const auto file = service.info(context.require_user(), context.param("id"));
        return http::ok_json(json::object{{"ok", true}, {"file", file_json(file)}});
    });

    router.add(verb::delete_, "/api/files/:id", [&service](http::RequestContext& context) {
        service.remove(context.require_user(), context.param("id"));
        return http::ok_json(json::object{{"ok", true}});
    });

    router.add_public(verb::get, "/files/:id/:name", [&service](http::RequestContext& context) {
        return download(service, context);
    });
}

}  // namespace chatter::files
