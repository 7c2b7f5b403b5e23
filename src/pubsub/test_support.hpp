#pragma once
// Helpers for tests against a real redis-server (never a mock): the shared one the ctest fixture
// starts (its URL in CHATTER_TEST_REDIS_URL), private ones started with scripts/test-redis.sh,
// waiting for asynchronous deliveries, and capturing log lines.

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "pubsub/bus.hpp"
#include "pubsub/redis_url.hpp"

namespace chatter::pubsub::testing {

/// The fixture's Redis. A test without one fails (ctest runs these tests only after the fixture
/// started it; run by hand, wrap them in scripts/test-redis.sh start/exec/stop).
inline RedisAddress test_redis() {
    // hiredis writes to sockets Redis may have closed; that must be an error, not a signal.
    std::signal(SIGPIPE, SIG_IGN);
    const char* url = std::getenv("CHATTER_TEST_REDIS_URL");
    if (url == nullptr || *url == '\0') {
        throw std::runtime_error(
            "CHATTER_TEST_REDIS_URL is not set: run through ctest, or scripts/test-redis.sh start DIR and "
            "scripts/test-redis.sh exec DIR <test binary>"
        );
    }
    std::string error;
    auto address = parse_redis_url(url, error);
    if (!address) {
        throw std::runtime_error("CHATTER_TEST_REDIS_URL: " + error);
    }
    return *address;
}

/// Polls `predicate` until it holds or `timeout` passes; returns its last value.
inline bool eventually(
    const std::function<bool()>& predicate, std::chrono::milliseconds timeout = std::chrono::seconds(10)
) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!predicate()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return predicate();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

/// What a bus handler was given, in order.
struct Received {
    std::mutex mutex;
    std::vector<std::string> messages;

    Bus::Handler handler() {
        return [this](std::string_view message) {
            std::lock_guard lock(mutex);
            messages.emplace_back(message);
        };
    }
    std::vector<std::string> snapshot() {
        std::lock_guard lock(mutex);
        return messages;
    }
    size_t size() { return snapshot().size(); }
};

/// Keeps the log lines written while it lives.
class LogCapture {
  public:
    LogCapture() : sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000)) {
        previous_ = spdlog::default_logger();
        auto logger = std::make_shared<spdlog::logger>("capture", sink_);
        logger->set_level(spdlog::level::debug);
        spdlog::set_default_logger(logger);
    }
    ~LogCapture() { spdlog::set_default_logger(previous_); }

    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;

    /// Number of captured lines containing `text`.
    size_t count(const std::string& text) const {
        size_t n = 0;
        for (const auto& line : sink_->last_formatted()) {
            n += line.find(text) != std::string::npos ? 1 : 0;
        }
        return n;
    }

  private:
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
    std::shared_ptr<spdlog::logger> previous_;
};

#ifdef CHATTER_TEST_REDIS_SCRIPT
/// A redis-server of the test's own (for restarts), stopped when the object goes.
class PrivateRedis {
  public:
    PrivateRedis()
        : dir_(
              std::filesystem::temp_directory_path() /
              ("chatter-redis-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++))
          ) {
        run("start");
        address_ = test_redis_at(read_url());
    }
    ~PrivateRedis() { run("stop", false); }

    PrivateRedis(const PrivateRedis&) = delete;
    PrivateRedis& operator=(const PrivateRedis&) = delete;

    const RedisAddress& address() const { return address_; }
    /// Stops the server (its data is gone: no persistence) and starts it on the same port.
    void restart() { run("restart"); }

  private:
    static int& counter() {
        static int n = 0;
        return n;
    }
    static RedisAddress test_redis_at(const std::string& url) {
        std::string error;
        auto address = parse_redis_url(url, error);
        if (!address) {
            throw std::runtime_error("test-redis.sh wrote a bad URL: " + url);
        }
        return *address;
    }
    std::string read_url() const {
        std::FILE* file = std::fopen((dir_ / "url").c_str(), "r");
        if (file == nullptr) {
            throw std::runtime_error("test-redis.sh wrote no URL");
        }
        char buffer[256] = {};
        const bool read = std::fgets(buffer, sizeof buffer, file) != nullptr;
        std::fclose(file);
        std::string url = read ? buffer : "";
        while (!url.empty() && (url.back() == '\n' || url.back() == '\r')) {
            url.pop_back();
        }
        return url;
    }
    void run(const std::string& command, bool must_succeed = true) {
        const std::string line =
            std::string("'") + CHATTER_TEST_REDIS_SCRIPT + "' " + command + " '" + dir_.string() + "' >/dev/null";
        if (std::system(line.c_str()) != 0 && must_succeed) {
            throw std::runtime_error("scripts/test-redis.sh " + command + " failed");
        }
    }

    std::filesystem::path dir_;
    RedisAddress address_;
};
#endif

}  // namespace chatter::pubsub::testing
