#pragma once
// The seam between the HTTP server (net::HttpSession) and the Engine.IO server: requests whose
// path the endpoint claims are handed over, either as a long-polling request or as a WebSocket
// upgrade with ownership of the TCP stream.

#include <boost/beast/core/tcp_stream.hpp>

#include <memory>
#include <string_view>

#include "net/http_types.hpp"

namespace chatter::net {

class RealtimeEndpoint {
  public:
    virtual ~RealtimeEndpoint() = default;

    /// True when the request target (path plus query) belongs to this endpoint, e.g. "/socket.io/...".
    virtual bool matches(std::string_view target) const = 0;

    /// Largest request body accepted (maxHttpBufferSize); larger bodies get 413 from the session.
    virtual size_t max_body_bytes() const = 0;

    /// A non-upgrade request (polling GET/POST, OPTIONS preflight, errors). Answer through `responder`.
    virtual void handle_http(HttpRequest request, PeerInfo peer, std::shared_ptr<HttpResponder> responder) = 0;

    /// A WebSocket upgrade request; the endpoint takes the stream (and must answer the handshake).
    virtual void handle_upgrade(boost::beast::tcp_stream stream, HttpRequest request, PeerInfo peer) = 0;
};

}  // namespace chatter::net
