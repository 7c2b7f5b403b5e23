#pragma once
// The Bus over Redis PUBLISH/SUBSCRIBE, on two threads of its own so no network thread ever
// waits on Redis:
//  - the subscriber holds one SUBSCRIBE connection, waits on its socket with poll (and an
//    eventfd to stop), pings Redis to notice a dead link, and reconnects with exponential
//    back-off (100 ms to 5 s) after any failure, a Redis restart included;
//  - the publisher drains a bounded queue, pipelining every queued PUBLISH in one write.
// While Redis is away, published messages are dropped (counted and logged once per outage) and
// nothing is received: each node keeps serving its own connections.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "pubsub/bus.hpp"
#include "pubsub/redis_url.hpp"

namespace chatter::pubsub {

struct RedisBusOptions {
    std::chrono::milliseconds timeout{2000};  // connect and write
    std::chrono::milliseconds min_backoff{100};
    std::chrono::milliseconds max_backoff{5000};
    std::chrono::milliseconds ping_interval{5000};  // silence after which the link is tested
    size_t max_queued = 100'000;                    // published messages waiting for Redis
};

class RedisBus final : public Bus {
  public:
    RedisBus(RedisAddress address, std::string node_id, RedisBusOptions options = {});
    ~RedisBus() override;

    RedisBus(const RedisBus&) = delete;
    RedisBus& operator=(const RedisBus&) = delete;

    const std::string& node_id() const override { return node_id_; }
    void subscribe(const std::string& channel, Handler handler) override;
    void start() override;
    void publish(const std::string& channel, std::string message) override;
    void stop() override;

    /// Waits until what was published so far has been handed to Redis, or Redis is away, or
    /// `timeout` passed (false then): a node that stops lets its last messages out first.
    bool drain(std::chrono::milliseconds timeout);

    /// True while the SUBSCRIBE connection is up and every channel is subscribed.
    bool subscribed() const { return subscribed_; }
    /// How many times the subscription was made since start (more than one: it was reconnected).
    uint64_t subscriptions() const { return subscriptions_; }
    /// Messages dropped because Redis was away or the queue was full, since start.
    uint64_t dropped() const { return dropped_; }

  private:
    void subscribe_loop();
    void subscribe_once();
    void publish_loop();
    /// Sleeps up to `duration`; true when stop() was called meanwhile.
    bool wait_stopping(std::chrono::milliseconds duration);
    void drop(size_t count, const char* why);

    const RedisAddress address_;
    const std::string node_id_;
    const RedisBusOptions options_;
    std::unordered_map<std::string, std::vector<Handler>> handlers_;

    int wake_fd_ = -1;  // eventfd: readable once stop() was called
    std::atomic<bool> stopping_{false};
    std::atomic<bool> subscribed_{false};
    std::atomic<uint64_t> subscriptions_{0};
    std::atomic<uint64_t> dropped_{0};
    std::atomic<bool> publisher_up_{true};  // until the first attempt fails

    std::mutex queue_mutex_;
    std::condition_variable queue_ready_;
    std::condition_variable drained_;
    std::deque<std::pair<std::string, std::string>> queue_;  // channel, sealed frame
    bool in_flight_ = false;                                 // a batch is being written

    std::thread subscriber_;
    std::thread publisher_;
};

}  // namespace chatter::pubsub
