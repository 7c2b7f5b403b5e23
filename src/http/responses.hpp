#pragma once
// Building responses. The mapping from Errc to HTTP status lives here and nowhere else.

#include <boost/beast/http/status.hpp>
#include <boost/json/value.hpp>

#include "core/error.hpp"
#include "net/http_types.hpp"

namespace chatter::http {

/// The HTTP status for an error class.
boost::beast::http::status http_status(Errc errc);

/// `status` with a compact JSON body.
net::HttpResponse json_response(boost::beast::http::status status, const boost::json::value& body);

/// 200 with a JSON body.
net::HttpResponse ok_json(const boost::json::value& body);

/// The error envelope `{"ok": false, "error", "code"}` with its status (+ Retry-After).
net::HttpResponse error_response(const Error& error);

}  // namespace chatter::http
