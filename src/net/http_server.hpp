#pragma once
// The HTTP/1.1 listener: one io_context per network thread, connections spread round-robin.
// Requests under the realtime endpoint's path go to it; everything else to the handler.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "net/http_types.hpp"
#include "net/realtime_endpoint.hpp"

namespace boost::asio {
class io_context;
}

namespace chatter::net {

struct ServerOptions {
    int io_threads = 1;
    size_t max_body_bytes = 1 << 20;  // for the handler's requests
    int request_timeout_s = 30;       // to read one whole request
    int idle_timeout_s = 75;          // keep-alive wait between requests
    int shutdown_grace_s = 10;        // stop(): time in-flight requests get before connections are cut

    /// Large uploads: for a target this returns a body limit > 0, the body is streamed to a file in
    /// `file_body_dir` (see kBodyFileHeader) under that limit instead of into memory. Unset or 0:
    /// buffered under `max_body_bytes` as usual.
    std::function<uint64_t(std::string_view target)> file_body_limit;
    std::string file_body_dir;
};

class HttpSession;

class HttpServer {
  public:
    /// Called on the connection's network thread; must not block: hand work to a WorkerPool.
    using Handler = std::function<void(HttpRequest, PeerInfo, std::shared_ptr<HttpResponder>)>;

    /// `realtime` may be null; it must outlive the server.
    HttpServer(ServerOptions options, Handler handler, RealtimeEndpoint* realtime);
    ~HttpServer();

    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds and listens; returns the bound port (useful with port 0). Throws on failure.
    uint16_t listen(const std::string& host, uint16_t port);

    /// Runs the network threads; returns after stop() once connections are closed.
    void run();

    /// Stops accepting, lets in-flight requests finish (keep-alive is switched off), closes idle
    /// connections, and cuts the rest after `shutdown_grace_s`. Thread-safe; idempotent.
    void stop();

    bool stopping() const { return stopping_.load(); }

    /// Network thread contexts (for components that need executors, e.g. timers).
    boost::asio::io_context& context(size_t index);
    size_t context_count() const;

  private:
    friend class HttpSession;
    struct Impl;

    void register_session(const std::shared_ptr<HttpSession>& session);
    void unregister_session(HttpSession* session);

    ServerOptions options_;
    Handler handler_;
    RealtimeEndpoint* realtime_;
    std::unique_ptr<Impl> impl_;
    std::atomic<bool> stopping_{false};
    std::mutex sessions_mutex_;
    std::unordered_map<HttpSession*, std::weak_ptr<HttpSession>> sessions_;
};

}  // namespace chatter::net
