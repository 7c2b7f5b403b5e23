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

void not_found(net::HttpRequest request, net::PeerInfo, std::shared_ptr<net::HttpResponder> responder) {
    net::HttpResponse response{http::status::not_found, request.version()};
    response.set(http::field::content_type, "text/plain");
    response.body() = "Not found";
    responder->send(std::move(response));
}

}  // namespace

int run_conformance(std::string_view mode, int port) {
    if (mode != "engineio" && mode != "socketio") {
        std::fprintf(stderr, "conformance mode must be engineio or socketio\n");
        return 2;
    }
    net::HttpServer* http_server = nullptr;
    std::atomic<size_t> next{0};
    auto executors = [&]() -> asio::any_io_executor {
        return http_server->context(next++ % http_server->context_count()).get_executor();
    };
    engineio::Server eio(suite_options(mode == "engineio" ? "/engine.io/" : "/socket.io/"), executors);
    install_echo(eio);

    net::ServerOptions server_options;
    server_options.io_threads = 2;
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
