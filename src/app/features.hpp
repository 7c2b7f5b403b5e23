#pragma once
// Registration of the feature areas beyond accounts (messaging, documents, files, ...): each adds
// its HTTP routes to the router and its Socket.IO events to the registry. Called once by the
// composition root (server.cpp) before serving.

#include "core/config.hpp"
#include "core/event_sink.hpp"
#include "core/rate_limiter.hpp"
#include "features/presence/presence_service.hpp"
#include "features/realtime/event_registry.hpp"
#include "http/router.hpp"
#include "net/worker_pool.hpp"
#include "storage/stores.hpp"

namespace chatter::app {

struct FeatureContext {
    const Config& config;
    storage::Backend& backend;
    http::Router& router;
    realtime::EventRegistry& events;
    EventSink& sink;
    net::WorkerPool& workers;
    RateLimiter& limiter;
    presence::PresenceService& presence;
};

/// Owns every feature service it creates for the life of the server.
class Features {
  public:
    explicit Features(FeatureContext& context);
    ~Features();

    Features(const Features&) = delete;
    Features& operator=(const Features&) = delete;

  private:
    struct Services;
    std::unique_ptr<Services> services_;
};

}  // namespace chatter::app
