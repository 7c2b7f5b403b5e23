#include "load_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>

#include <cstdlib>
#include <stdexcept>

namespace chatter::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;

namespace {

// After the handshake every write bypasses Beast: masked text frames with a zero masking key (legal,
// and XOR with 0 costs nothing), and everything queued on a client goes out in one write. This keeps
// the generator's CPU per message well under the server's.
void append_frame(std::string& wire, const std::string& payload) {
    const size_t n = payload.size();
    wire.push_back(static_cast<char>(0x81));
    if (n < 126) {
        wire.push_back(static_cast<char>(0x80 | n));
    } else if (n < 65536) {
        wire.push_back(static_cast<char>(0x80 | 126));
        wire.push_back(static_cast<char>((n >> 8) & 0xff));
        wire.push_back(static_cast<char>(n & 0xff));
    } else {
        wire.push_back(static_cast<char>(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8) {
            wire.push_back(static_cast<char>((n >> shift) & 0xff));
        }
    }
    wire.append(4, '\0');
    wire += payload;
}

awaitable<void> write_loop(Client& c) {
    std::string wire;
    try {
        while (!c.out.empty()) {
            wire.clear();
            for (const auto& frame : c.out) {
                append_frame(wire, frame);
            }
            c.out.clear();
            co_await asio::async_write(beast::get_lowest_layer(c.ws).socket(), asio::buffer(wire), use_awaitable);
        }
    } catch (const std::exception&) {
        c.dead = true;
    }
    c.writing = false;
}

awaitable<std::string> read_text(Client& c) {
    c.buffer.consume(c.buffer.size());
    co_await c.ws.async_read(c.buffer, use_awaitable);
    co_return beast::buffers_to_string(c.buffer.data());
}

}  // namespace

void send(Client& c, std::string frame) {
    if (c.dead) {
        return;
    }
    c.out.push_back(std::move(frame));
    if (!c.writing) {
        c.writing = true;
        asio::co_spawn(c.ws.get_executor(), write_loop(c), asio::detached);
    }
}

awaitable<void> open_socket(Client& c, std::string host, std::string port, std::string cookie, std::string room) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    auto endpoints = co_await resolver.async_resolve(host, port, use_awaitable);
    co_await beast::get_lowest_layer(c.ws).async_connect(endpoints, use_awaitable);
    beast::get_lowest_layer(c.ws).socket().set_option(tcp::no_delay(true));
    if (!cookie.empty()) {
        c.ws.set_option(websocket::stream_base::decorator([cookie](websocket::request_type& request) {
            request.set(http::field::cookie, cookie);
        }));
    }
    c.ws.text(true);
    co_await c.ws.async_handshake(host + ":" + port, "/socket.io/?EIO=4&transport=websocket", use_awaitable);
    co_await read_text(c);  // Engine.IO open
    co_await c.ws.async_write(asio::buffer(std::string("40")), use_awaitable);
    while (true) {
        const std::string text = co_await read_text(c);
        if (text.starts_with("40")) {
            break;
        }
        if (text.starts_with("44")) {
            throw std::runtime_error("CONNECT refused: " + text);
        }
    }
    if (!room.empty()) {
        co_await c.ws.async_write(asio::buffer(std::string(R"(420["join",")") + room + "\"]"), use_awaitable);
        while (true) {
            const std::string text = co_await read_text(c);
            if (text == "2") {
                co_await c.ws.async_write(asio::buffer(std::string("3")), use_awaitable);
            } else if (text.starts_with("430")) {
                break;
            }
        }
    }
}

awaitable<void> read_loop(Client& c) {
    try {
        while (true) {
            const std::string text = co_await read_text(c);
            if (text == "2") {
                send(c, "3");
            } else if (c.on_text) {
                c.on_text(c, text);
            }
        }
    } catch (const std::exception&) {
        c.dead = true;
    }
}

uint64_t ack_id(const std::string& text) {
    if (!text.starts_with("43")) {
        return 0;
    }
    return std::strtoull(text.c_str() + 2, nullptr, 10);
}

}  // namespace chatter::bench
