#pragma once
// The server side of the RFC 6455 opening handshake (§4.2): checking the client's upgrade request
// and writing the 101 answer, without Beast's WebSocket stream.

#include <optional>
#include <string>
#include <string_view>

#include "net/http_types.hpp"

namespace chatter::engineio::ws {

/// Why an upgrade request is refused: the HTTP status (400, or 426 for an unsupported
/// Sec-WebSocket-Version, answered with `Sec-WebSocket-Version: 13`) and a short text.
struct HandshakeError {
    unsigned status = 400;
    std::string message;
};

/// Checks a WebSocket upgrade request: GET, HTTP/1.1, `Connection: upgrade`, `Upgrade: websocket`,
/// version 13, and a key that is the base64 form of 16 bytes. nullopt when it is acceptable.
std::optional<HandshakeError> check_upgrade(const net::HttpRequest& request);

/// Sec-WebSocket-Accept for a client's Sec-WebSocket-Key: base64(SHA-1(key + RFC 6455 GUID)).
std::string accept_key(std::string_view client_key);

/// The complete `101 Switching Protocols` response for an accepted request (no extension and no
/// subprotocol is negotiated).
std::string switching_protocols(const net::HttpRequest& request);

}  // namespace chatter::engineio::ws
