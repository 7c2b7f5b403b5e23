#include "engineio/http_util.hpp"

#include <boost/url/parse.hpp>

namespace chatter::engineio {

namespace http = boost::beast::http;

namespace {

std::string json_escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

net::HttpResponse base_response(const ResponseMeta& meta, http::status status) {
    net::HttpResponse response{status, meta.version};
    if (!meta.allow_origin.empty()) {
        response.set(http::field::access_control_allow_origin, meta.allow_origin);
        if (meta.allow_credentials) {
            response.set(http::field::access_control_allow_credentials, "true");
        }
        if (meta.allow_origin != "*") {
            response.set(http::field::vary, "Origin");
        }
    }
    return response;
}

}  // namespace

std::string_view reference_message(ErrorCode code) {
    switch (code) {
        case ErrorCode::kUnknownTransport:
            return "Transport unknown";
        case ErrorCode::kUnknownSid:
            return "Session ID unknown";
        case ErrorCode::kBadHandshakeMethod:
            return "Bad handshake method";
        case ErrorCode::kBadRequest:
            return "Bad request";
        case ErrorCode::kForbidden:
            return "Forbidden";
        case ErrorCode::kUnsupportedProtocolVersion:
            return "Unsupported protocol version";
    }
    return "Bad request";
}

std::string_view target_path(std::string_view target) {
    return target.substr(0, target.find('?'));
}

std::optional<Query> parse_query(std::string_view target) {
    auto url = boost::urls::parse_origin_form(target);
    if (!url) {
        return std::nullopt;
    }
    Query query;
    for (const auto& param : url->params()) {
        if (param.key == "EIO") {
            query.eio = param.value;
        } else if (param.key == "transport") {
            query.transport = param.value;
        } else if (param.key == "sid") {
            query.sid = param.value;
        } else if (param.key == "b64") {
            query.b64 = param.value == "1" || param.value == "true";
        }
    }
    return query;
}

ResponseMeta make_meta(const net::HttpRequest& request, const CorsOptions& cors) {
    ResponseMeta meta;
    meta.version = request.version();
    const auto origin_it = request.find(http::field::origin);
    const std::string_view origin =
        origin_it == request.end() ? std::string_view() : std::string_view(origin_it->value());
    switch (cors.mode) {
        case CorsOptions::Mode::kOff:
            break;
        case CorsOptions::Mode::kAnyOrigin:
            // `*` is refused by browsers for credentialed requests (§1.9), so echo the origin then.
            if (cors.credentials && !origin.empty()) {
                meta.allow_origin = std::string(origin);
                meta.allow_credentials = true;
            } else {
                meta.allow_origin.assign(1, '*');  // not = "*": g++ 12 -O3 false stringop-overflow
            }
            break;
        case CorsOptions::Mode::kList:
            for (const auto& allowed : cors.origins) {
                if (allowed == origin) {
                    meta.allow_origin = allowed;
                    meta.allow_credentials = cors.credentials;
                }
            }
            break;
    }
    return meta;
}

net::HttpResponse error_response(const ResponseMeta& meta, ErrorCode code, std::string_view message) {
    auto response =
        base_response(meta, code == ErrorCode::kForbidden ? http::status::forbidden : http::status::bad_request);
    response.set(http::field::content_type, "application/json");
    response.body() = std::string("{\"code\":") + std::to_string(static_cast<int>(code)) + ",\"message\":\"" +
                      json_escape(message.empty() ? reference_message(code) : message) + "\"}";
    return response;
}

net::HttpResponse bare_response(const ResponseMeta& meta, unsigned status) {
    return base_response(meta, static_cast<http::status>(status));
}

net::HttpResponse payload_response(const ResponseMeta& meta, std::string payload) {
    auto response = base_response(meta, http::status::ok);
    response.set(http::field::content_type, "text/plain; charset=UTF-8");
    response.set(http::field::cache_control, "no-store");
    response.body() = std::move(payload);
    return response;
}

net::HttpResponse ok_response(const ResponseMeta& meta) {
    auto response = base_response(meta, http::status::ok);
    response.set(http::field::content_type, "text/html");
    response.set(http::field::cache_control, "no-store");
    response.body() = "ok";
    return response;
}

net::HttpResponse preflight_response(const net::HttpRequest& request, const ResponseMeta& meta) {
    auto response = base_response(meta, http::status::no_content);
    if (!meta.allow_origin.empty()) {
        response.set(http::field::access_control_allow_methods, "GET,HEAD,PUT,PATCH,POST,DELETE");
        const auto requested = request.find(http::field::access_control_request_headers);
        if (requested != request.end()) {
            response.set(http::field::access_control_allow_headers, requested->value());
        }
        response.set(http::field::vary, "Access-Control-Request-Headers");
    }
    return response;
}

}  // namespace chatter::engineio
