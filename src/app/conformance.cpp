#include "app/conformance.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/http/field.hpp>

#include <atomic>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include "engineio/server.hpp"
#include "net/http_server.hpp"
#include "socketio/server.hpp"

namespace chatter::app {

namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

// The values the official compliance suites hard-code (socketio-protocol.md §3).
engineio::Options suite_options(std::string path) {
    engineio::Options options;
    options.path = std::move(path);
    options.ping_interval = std::chrono::milliseconds(300);
    options.ping_timeout = std::chrono::milliseconds(200);
    options.max_http_buffer_size = 1'000'000;
    options.cors.mode = engineio::CorsOptions::Mode::kAnyOrigin;
    return options;
}

// Raw Engine.IO echo: the Engine.IO suite's server (§3).
void install_echo(engineio::Server& server) {
    server.on_connection([](const std::shared_ptr<engineio::Session>& session) {
        std::weak_ptr<engineio::Session> weak = session;
        session->set_handlers({
            .on_message =
                [weak](engineio::Packet packet) {
                    if (auto self = weak.lock()) {
                        self->send({std::move(packet)});
                    }
                },
            .on_close = {},
        });
    });
}

namespace json = boost::json;
using socketio::Ack;
using socketio::Buffers;
using socketio::Socket;

// The Socket.IO suite's app (§3): `auth` on connection, `message` → `message-back`,
// `message-with-ack` → ack with the same args, binary kept as is.
void suite_root(const std::shared_ptr<Socket>& socket) {
    socket->emit("auth", json::array{socket->auth()});
    // The arguments are passed on, not copied, as the Node app's `(...args) => callback(...args)`.
    socket->on_binary(
        "message",
        [weak = std::weak_ptr<Socket>(socket
         )](json::array& args, const Buffers& buffers, const std::optional<Ack>& /*ack*/) {
            if (auto self = weak.lock()) {
                self->emit("message-back", std::move(args), buffers);
            }
        }
    );
    socket->on_binary("message-with-ack", [](json::array& args, const Buffers& buffers, std::optional<Ack> ack) {
        if (ack) {
            (*ack)(std::move(args), buffers);
        }
    });
}

void suite_custom(const std::shared_ptr<Socket>& socket) {
    socket->emit("auth", json::array{socket->auth()});
}

void install_suite_app(socketio::Server& io) {
    io.of("/").on_connection(suite_root);
    io.of("/custom").on_connection(suite_custom);
}

// Extra events for tests/realtime (mode "socketio-extended"): rooms, broadcasts, server-side
// disconnects, server→client acks, and a "/recovery" namespace with connection-state recovery.
void install_test_events(socketio::Namespace& nsp, const std::shared_ptr<Socket>& socket) {
    std::weak_ptr<Socket> weak = socket;
    socket->on("join", [weak](const json::array& args, std::optional<Ack> ack) {
        auto self = weak.lock();
        if (self && !args.empty() && args[0].is_string()) {
            self->join(std::string(args[0].get_string()));
        }
        if (ack) {
            (*ack)();
        }
    });
    socket->on("broadcast", [&nsp](json::array& args, std::optional<Ack> ack) {
        if (args.size() >= 2 && args[0].is_string()) {
            json::array payload;
            payload.push_back(std::move(args[1]));
            nsp.to(std::string(args[0].get_string())).emit("broadcast", std::move(payload));
        }
        if (ack) {
            (*ack)();
        }
    });
    socket->on("server-disconnect", [weak](const json::array& /*args*/, const std::optional<Ack>& /*ack*/) {
        if (auto self = weak.lock()) {
            self->disconnect();
        }
    });
    socket->on("server-close", [weak](const json::array& /*args*/, const std::optional<Ack>& /*ack*/) {
        if (auto self = weak.lock()) {
            self->disconnect(true);
        }
    });
    socket->on("ask-client", [weak](const json::array& args, const std::optional<Ack>& /*ack*/) {
        auto self = weak.lock();
        if (!self) {
            return;
        }
        self->emit_with_ack(
            "question",
            args,
            std::chrono::milliseconds(1000),
            [weak](const socketio::AckResponse& response) {
                if (auto socket = weak.lock()) {
                    socket->emit("answer", response.timed_out ? json::array{"timeout"} : response.args);
                }
            }
        );
    });
}

void install_extended_app(socketio::Server& io) {
    auto& root = io.of("/");
    root.on_connection([&root](const std::shared_ptr<Socket>& socket) {
        suite_root(socket);
        install_test_events(root, socket);
    });
    io.of("/custom").on_connection(suite_custom);
    socketio::RecoveryOptions recovery;
    recovery.enabled = true;
    recovery.max_disconnection_duration = std::chrono::seconds(30);
    auto& recovering = io.of("/recovery", recovery);
    recovering.use([](const std::shared_ptr<Socket>& socket, const socketio::Namespace::Next& next) {
        const auto* token = socket->auth().if_contains("token");
        if (token && token->is_string() && token->get_string() == "bad") {
            next(socketio::ConnectError{"refused", json::value{{"reason", "bad token"}}});
            return;
        }
        socket->data = std::string("user");
        next(std::nullopt);
    });
    recovering.on_connection([&recovering](const std::shared_ptr<Socket>& socket) {
        install_test_events(recovering, socket);
        socket->emit("welcome", json::array{socket->recovered()});
    });
}

void not_found(
    const net::HttpRequest& request, const net::PeerInfo& /*peer*/, const std::shared_ptr<net::HttpResponder>& responder
) {
    net::HttpResponse response{http::status::not_found, request.version()};
    response.set(http::field::content_type, "text/plain");
    response.body() = "Not found";
    responder->send(std::move(response));
}

}  // namespace

int run_conformance(std::string_view mode, int port, int threads) {
    if (mode != "engineio" && mode != "socketio" && mode != "socketio-extended") {
        std::fprintf(stderr, "conformance mode must be engineio, socketio or socketio-extended\n");
        return 2;
    }
    net::HttpServer* http_server = nullptr;
    std::atomic<size_t> next{0};
    auto executors = [&]() -> asio::any_io_executor {
        return http_server->context(next++ % http_server->context_count()).get_executor();
    };
    std::unique_ptr<engineio::Server> echo;
    std::unique_ptr<socketio::Server> io;
    if (mode == "engineio") {
        echo = std::make_unique<engineio::Server>(suite_options("/engine.io/"), executors);
        install_echo(*echo);
    } else {
        socketio::ServerOptions options;
        options.engine = suite_options("/socket.io/");
        options.connect_timeout = std::chrono::milliseconds(1000);
        if (mode == "socketio-extended") {
            // Reference heartbeat and connect timeout: this app also serves bench/, whose
            // thousands of clients must not be dropped for a pong 200 ms late.
            options.engine.ping_interval = std::chrono::milliseconds(25000);
            options.engine.ping_timeout = std::chrono::milliseconds(20000);
            options.connect_timeout = std::chrono::milliseconds(45000);
        }
        io = std::make_unique<socketio::Server>(std::move(options), executors);
        if (mode == "socketio") {
            install_suite_app(*io);
        } else {
            install_extended_app(*io);
        }
    }
    engineio::Server& eio = echo ? *echo : io->engine();

    net::ServerOptions server_options;
    server_options.io_threads = threads;
    server_options.shutdown_grace_s = 1;
    net::HttpServer server(server_options, not_found, &eio);
    http_server = &server;
    uint16_t bound = 0;
    try {
        bound = server.listen("::", static_cast<uint16_t>(port));
    } catch (const std::exception&) {
        bound = server.listen("0.0.0.0", static_cast<uint16_t>(port));
    }
    std::printf("listening on http://127.0.0.1:%u\n", static_cast<unsigned>(bound));
    std::fflush(stdout);

    asio::signal_set signals(server.context(0), SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
        if (!ec) {
            eio.close_all();
            server.stop();
        }
    });
    server.run();
    return 0;
}

}  // namespace chatter::app
