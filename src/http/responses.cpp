#include "http/responses.hpp"

#include <boost/json/serialize.hpp>

namespace chatter::http {

namespace http = boost::beast::http;

http::status http_status(Errc errc) {
    switch (errc) {
        case Errc::kBadRequest:
            return http::status::bad_request;
        case Errc::kUnauthorized:
            return http::status::unauthorized;
        case Errc::kForbidden:
            return http::status::forbidden;
        case Errc::kNotFound:
            return http::status::not_found;
        case Errc::kMethodNotAllowed:
            return http::status::method_not_allowed;
        case Errc::kConflict:
            return http::status::conflict;
        case Errc::kPayloadTooLarge:
            return http::status::payload_too_large;
        case Errc::kUnsupportedMediaType:
            return http::status::unsupported_media_type;
        case Errc::kRateLimited:
            return http::status::too_many_requests;
        case Errc::kInternal:
            return http::status::internal_server_error;
        case Errc::kUnavailable:
            return http::status::service_unavailable;
    }
    return http::status::internal_server_error;
}

net::HttpResponse json_response(http::status status, const boost::json::value& body) {
    net::HttpResponse response{status, 11};
    response.set(http::field::content_type, "application/json; charset=utf-8");
    response.set(http::field::cache_control, "no-store");
    response.body() = boost::json::serialize(body);
    return response;
}

net::HttpResponse ok_json(const boost::json::value& body) {
    return json_response(http::status::ok, body);
}

net::HttpResponse error_response(const Error& error) {
    boost::json::object body{{"ok", false}, {"error", error.message()}, {"code", error.code()}};
    for (const auto& field : error.extra_fields) {
        body.emplace(field.key(), field.value());
    }
    net::HttpResponse response = json_response(http_status(error.errc()), body);
    if (error.retry_after_s) {
        response.set(http::field::retry_after, std::to_string(*error.retry_after_s));
    }
    return response;
}

}  // namespace chatter::http
