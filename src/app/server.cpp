#include "app/server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/json.hpp>

#include <cstdio>
#include <filesystem>

#include "core/rate_limiter.hpp"
#include "core/time.hpp"
#include "features/auth/auth_routes.hpp"
#include "features/auth/auth_service.hpp"
#include "features/public/public_routes.hpp"
#include "http/http_app.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "net/http_server.hpp"
#include "net/worker_pool.hpp"
#include "storage/sqlite/sqlite_backend.hpp"

namespace chatter::app {

namespace {

struct ListenAddress {
    std::string host;
    uint16_t port = 0;
};

ListenAddress parse_listen(const std::string& listen) {
    const size_t colon = listen.rfind(':');
    if (colon == std::string::npos) {
        throw std::invalid_argument("--listen needs host:port, got '" + listen + "'");
    }
    ListenAddress out;
    out.host = listen.substr(0, colon);
    if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']') {
        out.host = out.host.substr(1, out.host.size() - 2);
    }
    if (out.host.empty()) {
        out.host = "0.0.0.0";
    }
    const int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535) {
        throw std::invalid_argument("--listen port out of range");
    }
    out.port = static_cast<uint16_t>(port);
    return out;
}

}  // namespace

int run_server(const Config& config) {
    const int64_t started_ms = steady_now_ms();
    const ListenAddress address = parse_listen(config.listen);

    auto backend = storage::sqlite::SqliteBackend::open(std::filesystem::path(config.data_dir));
    spdlog::info("database {}/chatter.db ready", config.data_dir);

    RateLimiter limiter;
    net::WorkerPool workers(config.worker_threads);
    auth::AuthService auth_service(*backend, config, limiter);
    auth::RequestAuthenticator authenticator(auth_service);

    http::Router router;
    auth::register_auth_routes(router, auth_service, config);
    public_api::StatusSources status{CHATTER_VERSION, started_ms, nullptr, [] {
                                         return boost::json::object{{"accounts", true}, {"api_tokens", true}};
                                     }};
    public_api::register_public_routes(router, *backend, status);

    http::StaticFiles static_files(std::filesystem::path(config.web_root));
    http::HttpApp app(config, router, &static_files, workers);
    app.set_authenticator(&authenticator);

    net::ServerOptions options;
    options.io_threads = config.io_threads;
    options.max_body_bytes = config.max_body_bytes;
    options.request_timeout_s = config.request_timeout_s;
    options.idle_timeout_s = config.idle_timeout_s;
    net::HttpServer server(
        options,
        [&app](net::HttpRequest request, net::PeerInfo peer, std::shared_ptr<net::HttpResponder> responder) {
            app.handle(std::move(request), std::move(peer), std::move(responder));
        },
        nullptr
    );
    const uint16_t port = server.listen(address.host, address.port);

    boost::asio::signal_set signals(server.context(0), SIGINT, SIGTERM);
    signals.async_wait([&server](const boost::system::error_code& ec, int signal) {
        if (!ec) {
            spdlog::info("signal {} received: finishing in-flight requests", signal);
            server.stop();
        }
    });

    std::printf("listening on http://%s:%u\n", address.host.c_str(), static_cast<unsigned>(port));
    std::fflush(stdout);
    spdlog::info("chatterd {} listening on {}:{}", CHATTER_VERSION, address.host, port);

    server.run();
    workers.join();
    backend->close();
    spdlog::info("stopped cleanly");
    return 0;
}

}  // namespace chatter::app
