#include "cluster/redis_rate_limiter.hpp"

#include <spdlog/spdlog.h>

namespace chatter::cluster {

namespace {

// Every script answers an integer. A window starts with its first event (PEXPIRE when the count
// becomes 1), as RateLimiter's do; a key somehow left without a TTL gets one rather than living on.

// ARGV: limit, window ms. Returns 0 when counted, else the milliseconds until the window ends.
constexpr std::string_view kAcquire = R"lua(
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count < tonumber(ARGV[1]) then
  if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
  return 0
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
return math.max(ttl, 1)
)lua";

// ARGV: limit, window ms. As kAcquire without counting.
constexpr std::string_view kRetryAfter = R"lua(
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count < tonumber(ARGV[1]) then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
return math.max(ttl, 1)
)lua";

// ARGV: window ms. Returns the count in the window.
constexpr std::string_view kRecord = R"lua(
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
)lua";

constexpr std::string_view kRelease = R"lua(
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 0
)lua";

std::string key_of(const std::string& key) {
    return "chatter:rl:" + key;
}

int seconds_from_ms(int64_t ms) {
    return ms <= 0 ? 0 : static_cast<int>((ms + 999) / 1000);
}

}  // namespace

std::optional<int64_t> RedisRateLimiter::run(
    std::string_view script, const std::string& key, const pubsub::Command& args
) {
    const std::string redis_key = key_of(key);
    const auto reply = redis_.eval(script, {redis_key}, args);
    if (!reply) {
        return std::nullopt;
    }
    if (reply->type != pubsub::Reply::Type::kInteger) {
        spdlog::warn("redis (rate limits): unexpected reply for {}: {}", key, reply->str);
        return std::nullopt;
    }
    return reply->integer;
}

int RedisRateLimiter::retry_after(const std::string& key, int limit, int window_s) {
    const auto limit_text = std::to_string(limit);
    const auto window_ms = std::to_string(int64_t{window_s} * 1000);
    if (const auto ms = run(kRetryAfter, key, {limit_text, window_ms})) {
        return seconds_from_ms(*ms);
    }
    return RateLimiter::retry_after(key, limit, window_s);
}

int RedisRateLimiter::record(const std::string& key, int window_s) {
    const auto window_ms = std::to_string(int64_t{window_s} * 1000);
    if (const auto count = run(kRecord, key, {window_ms})) {
        return static_cast<int>(*count);
    }
    return RateLimiter::record(key, window_s);
}

int RedisRateLimiter::acquire(const std::string& key, int limit, int window_s) {
    const auto limit_text = std::to_string(limit);
    const auto window_ms = std::to_string(int64_t{window_s} * 1000);
    if (const auto ms = run(kAcquire, key, {limit_text, window_ms})) {
        return seconds_from_ms(*ms);
    }
    return RateLimiter::acquire(key, limit, window_s);
}

void RedisRateLimiter::release(const std::string& key) {
    if (!run(kRelease, key, {})) {
        RateLimiter::release(key);
    }
}

void RedisRateLimiter::reset(const std::string& key) {
    redis_.command({"DEL", key_of(key)});
    // The local count too: it may hold attempts from an outage.
    RateLimiter::reset(key);
}

}  // namespace chatter::cluster
