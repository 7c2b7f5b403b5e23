#pragma once
// The Socket.IO v5 server (socketio-protocol.md §2) on top of the Engine.IO server, shaped like the
// Node API: `server.of("/chat").use(...)`, `on_connection`, `socket.on/emit/join`, `to(room).emit`.

#include <chrono>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "engineio/server.hpp"
#include "socketio/namespace.hpp"

namespace chatter::socketio {

struct ServerOptions {
    engineio::Options engine = default_engine_options();
    /// Close the Engine.IO connection if no namespace was joined in time (reference default 45 s).
    std::chrono::milliseconds connect_timeout{45000};
    RecoveryOptions recovery;

    static engineio::Options default_engine_options() {
        engineio::Options options;
        options.path = "/socket.io/";
        return options;
    }
};

/// Shutdown order: `close_all()`, let the network threads run the closes (e.g. HttpServer::stop
/// after it), and destroy this only once those threads have stopped: sockets refer to namespaces.
class Server {
  public:
    Server(ServerOptions options, engineio::Server::ExecutorSource executors);

    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// The namespace `name` ("/" or "/admin"), created on first use with the server's recovery
    /// options, or with `recovery` when given (at creation only). Thread-safe.
    Namespace& of(const std::string& name, std::optional<RecoveryOptions> recovery = std::nullopt);

    /// The endpoint to hand to net::HttpServer.
    engineio::Server& engine() { return engine_; }
    const ServerOptions& options() const { return options_; }

    /// Closes every connection (reason "server shutting down"); the closes run on the sessions'
    /// strands, so the network threads must still be running. Thread-safe.
    void close_all() { engine_.close_all(); }

  private:
    friend class Client;

    Namespace* find(const std::string& name) const;

    const ServerOptions options_;
    engineio::Server engine_;
    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, std::unique_ptr<Namespace>> namespaces_;
};

}  // namespace chatter::socketio
