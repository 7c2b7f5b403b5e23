#pragma once
// The request pipeline for everything that is not Socket.IO: static client files on the network
// thread; API requests on a worker thread through request id → authentication → CSRF check →
// route → one error-mapping catch site → security headers → access log.

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "core/config.hpp"
#include "core/principal.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "net/http_types.hpp"
#include "net/ip_network.hpp"
#include "net/worker_pool.hpp"

namespace chatter::http {

class RequestContext;

/// Resolves the caller from a request (session cookie or bearer token). Runs on a worker thread.
class Authenticator {
  public:
    virtual ~Authenticator() = default;
    virtual std::optional<Principal> authenticate(RequestContext& context) = 0;
};

class HttpApp {
  public:
    HttpApp(const Config& config, Router& router, const StaticFiles* static_files, net::WorkerPool& workers);

    /// Set before serving; may stay null (every request is then anonymous).
    void set_authenticator(Authenticator* authenticator) { authenticator_ = authenticator; }

    /// The net::HttpServer handler. Network thread; never blocks.
    void handle(net::HttpRequest request, net::PeerInfo peer, std::shared_ptr<net::HttpResponder> responder);

    /// Runs the API pipeline synchronously (worker thread). Exposed for tests.
    net::HttpResponse run(const net::HttpRequest& request, const net::PeerInfo& peer);

  private:
    std::string next_request_id();

    const Config& config_;
    Router& router_;
    const StaticFiles* static_files_;
    net::WorkerPool& workers_;
    Authenticator* authenticator_ = nullptr;
    std::string id_prefix_;
    std::vector<net::IpNetwork> trusted_proxies_;  // from Config::trusted_proxies, parsed once
    std::atomic<uint64_t> request_counter_{0};
};

/// True when a browser's `Origin` is Chatter itself: `public_origin` when configured, else the same
/// host and port as the request's `Host` (the scheme is unknown behind a TLS proxy).
bool same_origin(std::string_view origin, std::string_view host, const std::string& public_origin);

/// Refuses a state-changing request that may come from another site (Error kForbidden,
/// code "csrf_rejected"). API-token requests are exempt: no browser sends those by itself.
void check_csrf(const RequestContext& context, const Config& config);

/// Adds the security headers every response carries; `html` selects the app's CSP.
void add_security_headers(net::HttpResponse& response, bool html);

/// Every X-Forwarded-For header of the request joined with ",", in order (for net::client_address).
std::string forwarded_for(const net::HttpRequest& request);

}  // namespace chatter::http
