#pragma once
// HTTP pieces of the Engine.IO endpoint: query parsing, the reference error bodies (§1.8), CORS
// headers (§1.9) and the polling response shapes (§1.4).

#include <optional>
#include <string>
#include <string_view>

#include "engineio/options.hpp"
#include "net/http_types.hpp"

namespace chatter::engineio {

/// The Engine.IO query parameters of a request target; unknown parameters are ignored (§1.1).
struct Query {
    std::optional<std::string> eio;
    std::optional<std::string> transport;
    std::optional<std::string> sid;
    bool b64 = false;
};

/// nullopt when the target cannot be parsed at all.
std::optional<Query> parse_query(std::string_view target);

/// Path part of a request target (before '?').
std::string_view target_path(std::string_view target);

enum class ErrorCode {
    kUnknownTransport = 0,
    kUnknownSid = 1,
    kBadHandshakeMethod = 2,
    kBadRequest = 3,
    kForbidden = 4,
    kUnsupportedProtocolVersion = 5,
};

/// The reference server's message for `code` ("Transport unknown", ...).
std::string_view reference_message(ErrorCode code);

/// CORS headers for responses to `request`, precomputed so a delayed poll answer can reuse them.
struct ResponseMeta {
    unsigned version = 11;
    std::string allow_origin;  // empty: no CORS headers
    bool allow_credentials = false;
};

ResponseMeta make_meta(const net::HttpRequest& request, const CorsOptions& cors);

/// `{"code":N,"message":"…"}` with 400 (403 for kForbidden); `message` overrides the reference text.
net::HttpResponse error_response(const ResponseMeta& meta, ErrorCode code, std::string_view message = {});

/// A bare 400 (overlapping GET, octet-stream body) or 413, without body (§1.8).
net::HttpResponse bare_response(const ResponseMeta& meta, unsigned status);

/// 200 with a polling payload: text/plain; charset=UTF-8, Cache-Control: no-store.
net::HttpResponse payload_response(const ResponseMeta& meta, std::string payload);

/// 200 `ok` (text/html like the reference) for a POST.
net::HttpResponse ok_response(const ResponseMeta& meta);

/// 204 answer to a CORS preflight.
net::HttpResponse preflight_response(const net::HttpRequest& request, const ResponseMeta& meta);

}  // namespace chatter::engineio
