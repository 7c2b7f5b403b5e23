#pragma once
// One Socket.IO client of realtime_load: a WebSocket from Beast for the handshake, then frames
// written by hand (see append_frame) so that the generator costs far less than the server.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <unordered_map>

namespace chatter::bench {

struct Client {
    explicit Client(boost::asio::io_context& ctx) : ws(ctx) {}
    boost::beast::websocket::stream<boost::beast::tcp_stream> ws;
    boost::beast::flat_buffer buffer;
    std::deque<std::string> out;
    bool writing = false;
    bool dead = false;
    std::string name;  // persist: username
    std::string peer;  // persist: DM peer
    int64_t thread_id = 0;
    uint64_t next_ack = 1;
    std::unordered_map<uint64_t, int64_t> pending;  // ack id -> intended send time (ns)
    std::function<void(Client&, const std::string&)> on_text;
};

/// Queues one text frame; everything queued while a write is out leaves in the next single write.
/// Nothing happens on a dead client.
void send(Client& c, std::string frame);

/// Engine.IO open + Socket.IO CONNECT to "/" at host:port, with a session `cookie` if not empty;
/// then joins `room` (the benchmark app's `join` event) if not empty. Throws on any failure.
boost::asio::awaitable<void> open_socket(
    Client& c, std::string host, std::string port, std::string cookie, std::string room
);

/// Reads until the connection ends: answers pings and hands every other text to `c.on_text`.
boost::asio::awaitable<void> read_loop(Client& c);

/// Ack id of a "43<id>[...]" frame (root namespace), or 0.
uint64_t ack_id(const std::string& text);

}  // namespace chatter::bench
