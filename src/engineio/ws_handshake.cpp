#include "engineio/ws_handshake.hpp"

#include <boost/beast/core/detail/base64.hpp>
#include <boost/beast/core/detail/sha1.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/rfc7230.hpp>

#include <array>

namespace chatter::engineio::ws {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr size_t kKeyBytes = 16;
constexpr size_t kEncodedKeySize = 24;  // base64 of 16 bytes, with "==" padding

bool has_token(const net::HttpRequest& request, http::field field, std::string_view token) {
    return http::token_list(request[field]).exists(token);
}

/// Whether `key` is base64 of exactly 16 bytes (§4.2.1 item 5).
bool valid_client_key(std::string_view key) {
    if (key.size() != kEncodedKeySize || key.substr(22) != "==") {
        return false;
    }
    std::array<char, kEncodedKeySize> decoded{};
    const auto [written, read] = beast::detail::base64::decode(decoded.data(), key.data(), key.size());
    return written == kKeyBytes && read == kEncodedKeySize - 2;
}

}  // namespace

std::optional<HandshakeError> check_upgrade(const net::HttpRequest& request) {
    if (request.method() != http::verb::get || request.version() < 11) {
        return HandshakeError{400, "WebSocket upgrade needs GET over HTTP/1.1"};
    }
    if (!has_token(request, http::field::connection, "upgrade") ||
        !has_token(request, http::field::upgrade, "websocket")) {
        return HandshakeError{400, "Not a WebSocket upgrade"};
    }
    const auto version = request[http::field::sec_websocket_version];
    if (version.empty()) {
        return HandshakeError{400, "Missing Sec-WebSocket-Version"};
    }
    if (version != "13") {
        return HandshakeError{426, "Unsupported Sec-WebSocket-Version"};
    }
    if (!valid_client_key(request[http::field::sec_websocket_key])) {
        return HandshakeError{400, "Bad Sec-WebSocket-Key"};
    }
    return std::nullopt;
}

std::string accept_key(std::string_view client_key) {
    beast::detail::sha1_context context;
    beast::detail::init(context);
    beast::detail::update(context, client_key.data(), client_key.size());
    beast::detail::update(context, kGuid.data(), kGuid.size());
    std::array<char, beast::detail::sha1_context::digest_size> digest{};
    beast::detail::finish(context, digest.data());
    std::string accept(beast::detail::base64::encoded_size(digest.size()), '\0');
    accept.resize(beast::detail::base64::encode(accept.data(), digest.data(), digest.size()));
    return accept;
}

std::string switching_protocols(const net::HttpRequest& request) {
    std::string response{"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"};
    response.append("Sec-WebSocket-Accept: ")
        .append(accept_key(request[http::field::sec_websocket_key]))
        .append("\r\n\r\n");
    return response;
}

}  // namespace chatter::engineio::ws
