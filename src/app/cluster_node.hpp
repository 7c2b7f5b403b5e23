#pragma once
// Cluster mode (`--redis`): the Redis-backed pieces a node shares with the others. The
// composition root makes one only when a Redis URL is configured; without it nothing here runs
// and every feature keeps its in-process state.

#include <memory>
#include <string>

#include "core/config.hpp"
#include "core/event_sink.hpp"
#include "core/node_signals.hpp"
#include "core/presence_directory.hpp"
#include "core/rate_limiter.hpp"
#include "net/worker_pool.hpp"

namespace chatter::voice {
class VoiceRooms;
}

namespace chatter::app {

class ClusterNode {
  public:
    /// `local` delivers to this node's own connections.
    ClusterNode(const Config& config, EventSink& local, net::WorkerPool& workers);
    ~ClusterNode();

    ClusterNode(const ClusterNode&) = delete;
    ClusterNode& operator=(const ClusterNode&) = delete;

    const std::string& node_id() const;
    EventSink& sink();
    NodeSignals& signals();
    RateLimiter& limiter();
    PresenceDirectory& directory();
    voice::VoiceRooms& voice_rooms();

    /// Once every feature subscribed and registered its watchers: connects and heart-beats.
    void start();

    /// Graceful stop: leaves the cluster (others announce this node's users offline at once), lets
    /// the last messages out, stops the threads. Idempotent; the destructor calls it.
    void leave();

  private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
    bool started_ = false;
    bool left_ = false;
};

}  // namespace chatter::app
