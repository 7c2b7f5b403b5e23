#pragma once
// Everything a route handler may know about its request: parsed path and query, JSON body,
// the client address, the request id and the authenticated principal.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/principal.hpp"
#include "http/router.hpp"
#include "net/http_types.hpp"

namespace chatter::http {

/// The value of cookie `name` in a request's Cookie headers.
std::optional<std::string> cookie_value(const net::HttpRequest& request, std::string_view name);

class RequestContext {
  public:
    RequestContext(const net::HttpRequest& request, net::PeerInfo peer, std::string request_id);

    const net::HttpRequest& request() const { return request_; }
    const net::PeerInfo& peer() const { return peer_; }
    const std::string& request_id() const { return request_id_; }

    /// The address used for rate limits and bans: the TCP peer, or the X-Forwarded-For client when
    /// the peer is a trusted proxy (set by HttpApp through net::client_address).
    const std::string& client_ip() const { return client_ip_; }
    void set_client_ip(std::string ip) { client_ip_ = std::move(ip); }

    /// Decoded path (no query) and its segments.
    const std::string& path() const { return path_; }
    const std::vector<std::string>& segments() const { return segments_; }
    bool valid_target() const { return valid_target_; }

    /// A path parameter captured by the route (`:id`); throws Error(kNotFound) when absent.
    const std::string& param(std::string_view name) const;

    /// A path parameter parsed as a positive integer id; Error(kNotFound) when not one.
    int64_t id_param(std::string_view name) const;

    /// First query parameter with this name, decoded.
    std::optional<std::string> query(std::string_view name) const;

    /// A header value, or empty.
    std::string_view header(std::string_view name) const;

    /// A cookie value from the Cookie header.
    std::optional<std::string> cookie(std::string_view name) const;

    /// The body parsed as a JSON object (Error(kBadRequest) otherwise). Parsed once.
    const boost::json::object& json_body();

    /// The signed-in principal, or Error(kUnauthorized).
    const Principal& require_user() const;

    /// The principal when signed in.
    const std::optional<Principal>& user() const { return user_; }
    void set_user(std::optional<Principal> user) { user_ = std::move(user); }

    void set_params(PathParams params) { params_ = std::move(params); }

    /// Headers to add to whatever response the route returns (e.g. Set-Cookie from a service).
    std::vector<std::pair<std::string, std::string>>& extra_headers() { return extra_headers_; }

  private:
    const net::HttpRequest& request_;
    net::PeerInfo peer_;
    std::string request_id_;
    std::string client_ip_;
    std::string path_;
    std::vector<std::string> segments_;
    std::vector<std::pair<std::string, std::string>> query_;
    bool valid_target_ = true;
    PathParams params_;
    std::optional<boost::json::value> body_;
    std::optional<Principal> user_;
    std::vector<std::pair<std::string, std::string>> extra_headers_;
};

}  // namespace chatter::http
