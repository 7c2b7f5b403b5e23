#pragma once
// RateLimiter over Redis, so a budget (sign-in attempts, registrations, sends) holds across every
// node: each call is one Lua script, atomic in Redis, on a key that expires with its window. While
// Redis is away the calls fall back to this node's own counts (RateLimiter's), so a budget is
// then per node until Redis is back.

#include "core/rate_limiter.hpp"
#include "pubsub/redis_client.hpp"

namespace chatter::cluster {

class RedisRateLimiter final : public RateLimiter {
  public:
    explicit RedisRateLimiter(pubsub::RedisClient& redis) : redis_(redis) {}

    int retry_after(const std::string& key, int limit, int window_s) override;
    int record(const std::string& key, int window_s) override;
    int acquire(const std::string& key, int limit, int window_s) override;
    void release(const std::string& key) override;
    void reset(const std::string& key) override;

  private:
    /// The script's integer reply; nullopt when Redis could not answer.
    std::optional<int64_t> run(std::string_view script, const std::string& key, const pubsub::Command& args);

    pubsub::RedisClient& redis_;
};

}  // namespace chatter::cluster
