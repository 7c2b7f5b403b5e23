#include "core/rate_limiter.hpp"

#include "core/time.hpp"

namespace chatter {

RateLimiter::Window& RateLimiter::current(const std::string& key, int window_s, int64_t now_ms) {
    const int64_t window_ms = int64_t{window_s} * 1000;
    // Drop stale windows now and then so the map cannot grow without bound under a flood of keys.
    if (now_ms - last_sweep_ms_ > 60'000 && windows_.size() > 10'000) {
        for (auto it = windows_.begin(); it != windows_.end();) {
            it = now_ms - it->second.started_ms > window_ms ? windows_.erase(it) : std::next(it);
        }
        last_sweep_ms_ = now_ms;
    }
    Window& window = windows_[key];
    if (now_ms - window.started_ms >= window_ms) {
        window.started_ms = now_ms;
        window.count = 0;
    }
    return window;
}

int RateLimiter::retry_after(const std::string& key, int limit, int window_s) {
    std::lock_guard lock(mutex_);
    const int64_t now_ms = steady_now_ms();
    Window& window = current(key, window_s, now_ms);
    if (window.count < limit) {
        return 0;
    }
    const int64_t remaining_ms = window.started_ms + int64_t{window_s} * 1000 - now_ms;
    return static_cast<int>((remaining_ms + 999) / 1000);
}

int RateLimiter::record(const std::string& key, int window_s) {
    std::lock_guard lock(mutex_);
    Window& window = current(key, window_s, steady_now_ms());
    return ++window.count;
}

int RateLimiter::acquire(const std::string& key, int limit, int window_s) {
    std::lock_guard lock(mutex_);
    const int64_t now_ms = steady_now_ms();
    Window& window = current(key, window_s, now_ms);
    if (window.count < limit) {
        ++window.count;
        return 0;
    }
    const int64_t remaining_ms = window.started_ms + int64_t{window_s} * 1000 - now_ms;
    return static_cast<int>((remaining_ms + 999) / 1000);
}

void RateLimiter::release(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = windows_.find(key);
    if (it != windows_.end() && it->second.count > 0) {
        --it->second.count;
    }
}

void RateLimiter::reset(const std::string& key) {
    std::lock_guard lock(mutex_);
    windows_.erase(key);
}

}  // namespace chatter
