#pragma once
// Redis commands from threads that may block (workers, cluster timers), over a few guarded
// connections. While Redis is away a call returns nullopt at once instead of waiting for a
// connect timeout on every request: after a failure nothing is tried again until the back-off
// passes. Callers then fall back to what this node knows alone.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "pubsub/redis_connection.hpp"

namespace chatter::pubsub {

struct RedisClientOptions {
    size_t connections = 4;
    std::chrono::milliseconds timeout{1000};  // connect, and each reply
    std::chrono::milliseconds min_backoff{100};
    std::chrono::milliseconds max_backoff{5000};
};

class RedisClient {
  public:
    /// `purpose` names the client in log lines ("rate limits", "presence").
    RedisClient(RedisAddress address, std::string purpose, RedisClientOptions options = {});

    /// nullopt when Redis cannot be reached (logged once per outage). Error replies are returned.
    std::optional<Reply> command(const Command& args);

    /// EVAL of a Lua script (Redis caches compiled scripts by their text).
    std::optional<Reply> eval(std::string_view script, const Command& keys, const Command& args);

    /// True unless the last attempt failed.
    bool available() const { return available_; }

  private:
    struct Slot {
        std::mutex mutex;
        std::unique_ptr<RedisConnection> connection;
        uint64_t generation = 0;  // of the outage count it connected after
    };

    std::optional<Reply> run(Slot& slot, const Command& args);
    void failed(const RedisError& error);
    void succeeded();

    const RedisAddress address_;
    const std::string purpose_;
    const RedisClientOptions options_;
    std::vector<std::unique_ptr<Slot>> slots_;
    std::atomic<size_t> next_slot_{0};

    std::mutex state_mutex_;
    std::atomic<bool> available_{true};
    std::atomic<uint64_t> outages_{0};  // connections made before an outage are stale
    std::chrono::steady_clock::time_point retry_at_{};
    std::chrono::milliseconds backoff_{0};
};

}  // namespace chatter::pubsub
