#include "app/server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/json.hpp>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "app/backend.hpp"
#include "app/cluster_node.hpp"
#include "app/features.hpp"
#include "core/node_signals.hpp"
#include "core/rate_limiter.hpp"
#include "core/time.hpp"
#include "features/admin/admin_service.hpp"
#include "features/auth/auth_routes.hpp"
#include "features/auth/auth_service.hpp"
#include "features/auth/auth_socket.hpp"
#include "features/presence/presence_service.hpp"
#include "features/public/public_routes.hpp"
#include "features/realtime/event_registry.hpp"
#include "features/realtime/socketio_event_sink.hpp"
#include "features/users/user_routes.hpp"
#include "http/http_app.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "net/http_server.hpp"
#include "net/ip_network.hpp"
#include "net/worker_pool.hpp"
#include "socketio/server.hpp"

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

/// True when the client behind a request (X-Forwarded-For from a trusted proxy) is banned.
using BannedClient = std::function<bool(const net::HttpRequest& request, const net::PeerInfo& peer)>;

socketio::ServerOptions socket_options(const Config& config, BannedClient banned) {
    socketio::ServerOptions options;
    options.engine.path = "/socket.io/";
    // Browsers must come from Chatter's own pages; clients without an Origin (bots, Node) pass.
    // Banned client addresses are refused before any session exists.
    options.engine.allow_request = [&config, banned = std::move(banned)](
                                       const net::HttpRequest& request, const net::PeerInfo& peer
                                   ) -> std::string {
        if (banned(request, peer)) {
            return "Your network address is banned from this server.";
        }
        const std::string_view origin = request["Origin"];
        if (origin.empty() ||
            http::same_origin(origin, request[boost::beast::http::field::host], config.public_origin)) {
            return {};
        }
        return "Origin not allowed";
    };
    // "Nothing lost" on flaky networks: a client back within two minutes gets what it missed.
    options.recovery.enabled = true;
    options.recovery.max_disconnection_duration = std::chrono::minutes(2);
    // A recovering client is authenticated again: a session revoked while it was away must not
    // come back through the recovery id.
    options.recovery.skip_middlewares = false;
    return options;
}

}  // namespace

int run_server(const Config& config) {
    const int64_t started_ms = steady_now_ms();
    const ListenAddress address = parse_listen(config.listen);

    auto backend = open_backend(config);
    spdlog::info("database {} ready", describe_backend(config));

    net::WorkerPool workers(config.worker_threads);
    net::NetworkSet address_bans;  // filled by the admin area from storage
    const std::vector<net::IpNetwork> trusted_proxies = net::parse_networks(config.trusted_proxies);

    // Socket.IO sessions live on the HTTP server's network threads, spread round-robin.
    net::HttpServer* http_server = nullptr;
    std::atomic<size_t> next_context{0};
    const BannedClient banned_client = [&address_bans,
                                        &trusted_proxies](const net::HttpRequest& request, const net::PeerInfo& peer) {
        return address_bans.contains(net::client_address(peer.ip, http::forwarded_for(request), trusted_proxies));
    };
    socketio::Server io(socket_options(config, banned_client), [&http_server, &next_context] {
        return http_server->context(next_context++ % http_server->context_count()).get_executor();
    });
    socketio::Namespace& root = io.of("/");
    realtime::SocketIoEventSink socket_sink(root);

    // Cluster mode: events, node signals, presence, rate limits and voice rooms go through Redis.
    // Without --redis none of it exists and every feature stays in-process.
    std::unique_ptr<ClusterNode> cluster;
    if (!config.redis_url.empty()) {
        cluster = std::make_unique<ClusterNode>(config, socket_sink, workers);
    }
    RateLimiter local_limiter;
    LocalNodeSignals local_signals;
    EventSink& sink = cluster ? cluster->sink() : socket_sink;
    RateLimiter& limiter = cluster ? cluster->limiter() : local_limiter;
    NodeSignals& node_signals = cluster ? cluster->signals() : local_signals;
    PresenceDirectory* directory = cluster ? &cluster->directory() : nullptr;

    auth::AuthService auth_service(*backend, config, limiter);
    auth_service.set_address_bans(&address_bans);
    auth::RequestAuthenticator authenticator(auth_service);
    presence::PresenceService presence(
        sink,
        directory,
        presence::PresenceAnnouncer::Options{
            .burst = static_cast<size_t>(config.presence_burst),
            .window = std::chrono::milliseconds(config.presence_window_ms),
        }
    );
    realtime::EventRegistry events(workers);
    auth::install_socket_auth(root, auth_service, workers);

    http::Router router;
    auth::register_auth_routes(router, auth_service, config);
    public_api::StatusSources status{
        CHATTER_VERSION,
        config.site_name,
        started_ms,
        [&presence] { return presence.online_count(); },
        [] {
            return boost::json::object{
                {"accounts", true},
                {"api_tokens", true},
                {"realtime", true},
                {"documents", true},
                {"files", true},
                {"avatars", true},
            };
        },
    };
    public_api::register_public_routes(router, *backend, status);
    FeatureContext feature_context{
        config, *backend, router, events, sink, workers, limiter, presence, address_bans, node_signals};
    feature_context.directory = directory;
    feature_context.voice_rooms = cluster ? &cluster->voice_rooms() : nullptr;
    // On every node: the stored bans are read again, and the sockets they now cover end (told
    // why, like a banned account: the client does not reconnect by itself).
    node_signals.on("address_bans", [&backend, &address_bans, &root, banned_client](const boost::json::value&) {
        admin::load_address_bans(*backend, address_bans);
        for (const auto& socket : socketio::BroadcastOperator(root).sockets()) {
            if (banned_client(socket->request(), socket->peer())) {
                socket->disconnect(true);
            }
        }
    });
    feature_context.address_bans_changed = [&node_signals] { node_signals.raise("address_bans", nullptr); };
    Features features(feature_context);
    // Cluster threads call into the features: they stop before the features go.
    struct LeaveCluster {
        ClusterNode* node;
        ~LeaveCluster() {
            if (node != nullptr) {
                node->leave();
            }
        }
    } const leave_cluster{cluster.get()};

    root.on_connection([&events, &presence](const std::shared_ptr<socketio::Socket>& socket) {
        const std::string username = std::any_cast<const Principal&>(socket->data).username;
        socket->join(realtime::user_room(username));
        events.attach(socket);
        presence.connected(username);
        socket->on_disconnect([&presence, username](const std::string&) { presence.disconnected(username); });
    });

    http::StaticFiles static_files(std::filesystem::path(config.web_root));
    http::HttpApp app(config, router, &static_files, workers);
    app.set_authenticator(&authenticator);

    net::ServerOptions options;
    options.io_threads = config.io_threads;
    options.max_body_bytes = config.max_body_bytes;
    options.request_timeout_s = config.request_timeout_s;
    options.idle_timeout_s = config.idle_timeout_s;
    // Uploads stream to disk; the allowance above the file limit covers the multipart framing.
    options.file_body_dir = (std::filesystem::path(config.data_dir) / "files" / "tmp").string();
    options.file_body_limit = [&config](std::string_view target) -> uint64_t {
        constexpr uint64_t kFraming = uint64_t{64} * 1024;
        const std::string_view path = target.substr(0, target.find('?'));
        if (path == "/api/files/upload") {
            return static_cast<uint64_t>(config.max_upload_bytes) + kFraming;
        }
        return path == users::kAvatarUploadPath ? static_cast<uint64_t>(config.max_avatar_bytes) + kFraming : 0;
    };
    net::HttpServer server(
        options,
        [&app](net::HttpRequest request, net::PeerInfo peer, std::shared_ptr<net::HttpResponder> responder) {
            app.handle(std::move(request), std::move(peer), std::move(responder));
        },
        &io.engine()
    );
    http_server = &server;
    if (cluster) {
        cluster->start();
    }
    const uint16_t port = server.listen(address.host, address.port);

    boost::asio::signal_set signals(server.context(0), SIGINT, SIGTERM);
    signals.async_wait([&server, &io, &presence](const boost::system::error_code& ec, int signal) {
        if (!ec) {
            spdlog::info("signal {} received: finishing in-flight requests", signal);
            presence.stop_announcing();
            io.close_all();
            server.stop();
        }
    });

    std::printf("listening on http://%s:%u\n", address.host.c_str(), static_cast<unsigned>(port));
    std::fflush(stdout);
    spdlog::info("chatterd {} listening on {}:{}", CHATTER_VERSION, address.host, port);

    server.run();
    workers.join();
    if (cluster) {
        // The other nodes learn at once that this node's users are gone.
        cluster->leave();
    }
    backend->close();
    spdlog::info("stopped cleanly");
    return 0;
}

}  // namespace chatter::app
