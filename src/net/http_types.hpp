#pragma once
// HTTP message types shared by the HTTP router and the realtime (Engine.IO) endpoint.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace chatter::net {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

/// Set by the session (never by a client: an incoming header of this name is removed) on a request
/// whose body was streamed to a temporary file instead of memory; the value is the file's path.
/// The session deletes the file once the response is sent, so handlers move out what they keep.
inline constexpr std::string_view kBodyFileHeader = "X-Chatter-Body-File";

/// The TCP peer of a connection (never a header value; see Config::trusted_proxies).
struct PeerInfo {
    std::string ip;
    uint16_t port = 0;
    bool tls = false;
};

/// The way back to a client for a request whose answer may come later (long-polling).
/// `send` may be called from any thread, at most once; later calls are ignored.
class HttpResponder {
  public:
    virtual ~HttpResponder() = default;

    /// Sends the response on the connection (keep-alive is decided by the session).
    virtual void send(HttpResponse response) = 0;

    /// `handler` runs (on the connection's thread) if the connection closes before `send`.
    /// Set it before the response can be sent; it replaces any earlier handler.
    virtual void set_abort_handler(std::function<void()> handler) = 0;
};

}  // namespace chatter::net
