#pragma once
// The Engine.IO v4 server endpoint (socketio-protocol.md §1): handshakes, long-polling and
// WebSocket transports, upgrades, error answers. Plugs into net::HttpServer as its RealtimeEndpoint.

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>

#include "engineio/options.hpp"
#include "engineio/session.hpp"
#include "net/realtime_endpoint.hpp"

namespace chatter::engineio {

class SessionRegistry;

class Server : public net::RealtimeEndpoint {
  public:
    /// Called on the new session's strand, after the open packet was sent. Set Session handlers here.
    using ConnectionHandler = std::function<void(const std::shared_ptr<Session>&)>;
    /// Picks the executor a new long-polling session's strand runs on (e.g. round-robin over the
    /// HTTP server's network contexts). WebSocket-opened sessions stay on their connection's context.
    using ExecutorSource = std::function<boost::asio::any_io_executor()>;

    Server(Options options, ExecutorSource executors);
    ~Server() override;

    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Set once, before the HTTP server starts.
    void on_connection(ConnectionHandler handler);

    const Options& options() const;
    size_t session_count() const;

    /// Closes every session at once (server shutting down). Thread-safe; the closes run on the
    /// sessions' strands, so call it while the network threads still run (before HttpServer::stop).
    void close_all();

    bool matches(std::string_view target) const override;
    size_t max_body_bytes() const override;
    void handle_http(net::HttpRequest request, net::PeerInfo peer, std::shared_ptr<net::HttpResponder> responder)
        override;
    void handle_upgrade(boost::beast::tcp_stream stream, net::HttpRequest request, net::PeerInfo peer) override;

  private:
    struct Checked;
    std::optional<Checked> check(const net::HttpRequest& request, const net::PeerInfo& peer, bool upgrade) const;

    std::shared_ptr<SessionRegistry> registry_;
    ExecutorSource executors_;
    std::shared_ptr<ConnectionHandler> on_connection_;
};

}  // namespace chatter::engineio
