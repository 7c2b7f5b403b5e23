#pragma once
// Counting events per key in a fixed window (failed sign-ins per account, per address, sends per
// user). In-process; in cluster mode cluster::RedisRateLimiter overrides every call to count in
// Redis, so a budget holds across nodes, and falls back to these counts while Redis is away.

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace chatter {

class RateLimiter {
  public:
    virtual ~RateLimiter() = default;

    /// Seconds until `key` may act again when it has reached `limit` events in the current window
    /// of `window_s` seconds; 0 when it may act now.
    virtual int retry_after(const std::string& key, int limit, int window_s);

    /// Records one event for `key`; returns the count in the current window.
    virtual int record(const std::string& key, int window_s);

    /// `retry_after` then `record` in one step: 0 when the event was allowed and counted.
    virtual int acquire(const std::string& key, int limit, int window_s);

    /// Takes back one event counted by `acquire` (an attempt that turned out legitimate).
    virtual void release(const std::string& key);

    /// Forgets `key`.
    virtual void reset(const std::string& key);

  private:
    struct Window {
        int64_t started_ms = 0;
        int count = 0;
    };

    Window& current(const std::string& key, int window_s, int64_t now_ms);

    std::mutex mutex_;
    std::unordered_map<std::string, Window> windows_;
    int64_t last_sweep_ms_ = 0;
};

}  // namespace chatter
