#pragma once
// Engine.IO server options (socketio-protocol.md §1). Defaults are the Node reference's.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_types.hpp"

namespace chatter::engineio {

/// CORS as the `cors` npm middleware does it (§1.9). kOff sends no CORS headers at all.
struct CorsOptions {
    enum class Mode { kOff, kAnyOrigin, kList };
    Mode mode = Mode::kOff;
    std::vector<std::string> origins;  // for kList: exact origins such as "https://chat.example"
    bool credentials = false;          // echo the Origin instead of `*` and allow credentials
};

struct Options {
    std::string path = "/engine.io/";
    std::chrono::milliseconds ping_interval{25000};
    std::chrono::milliseconds ping_timeout{20000};
    std::chrono::milliseconds upgrade_timeout{10000};
    /// Largest POST body and WebSocket message; also advertised as `maxPayload` (§1.3).
    size_t max_http_buffer_size = 1'000'000;
    /// Bytes a session may have queued for a client before it is closed as a slow consumer.
    size_t max_queued_bytes = size_t{8} * 1024 * 1024;
    /// Time a session lingers after a client close by POST, answering late GETs with noop (§3).
    std::chrono::milliseconds close_grace{50};
    CorsOptions cors;
    /// Handshake gate (`allowRequest`): an empty string accepts; otherwise 403 with that message.
    /// Runs on a network thread; must not block.
    std::function<std::string(const net::HttpRequest&, const net::PeerInfo&)> allow_request;
    /// Origin check for every handshake and upgrade; false → 400 code 3 (§1.8). Requests without
    /// an Origin header (non-browser clients) are passed as an empty string.
    std::function<bool(std::string_view origin)> allowed_origin;
    /// The request headers a session keeps from its handshake for the layers above (middleware,
    /// Socket::request()); the others are dropped when the session is created. Every idle
    /// connection pays for what it keeps, and a browser sends a dozen headers that no handler
    /// reads. Names compare case-insensitively.
    std::vector<std::string> kept_headers{
        "Cookie",
        "Origin",
        "User-Agent",
        "Authorization",
        "X-Forwarded-For",
        "X-Real-IP",
        "Forwarded",
    };
};

}  // namespace chatter::engineio
