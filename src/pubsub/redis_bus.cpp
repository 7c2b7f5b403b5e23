#include "pubsub/redis_bus.hpp"

#include <fmt/ranges.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <limits>
#include <stdexcept>
#include <system_error>

#include "pubsub/delivery.hpp"
#include "pubsub/envelope.hpp"
#include "pubsub/redis_connection.hpp"

namespace chatter::pubsub {

namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds next_backoff(std::chrono::milliseconds current, const RedisBusOptions& options) {
    return std::clamp(current * 2, options.min_backoff, options.max_backoff);
}

}  // namespace

RedisBus::RedisBus(RedisAddress address, std::string node_id, RedisBusOptions options)
    : address_(std::move(address)), node_id_(std::move(node_id)), options_(options) {
    if (!valid_node_id(node_id_)) {
        throw std::invalid_argument("invalid node id: " + node_id_);
    }
    wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0) {
        throw std::system_error(errno, std::generic_category(), "eventfd");
    }
}

RedisBus::~RedisBus() {
    stop();
    ::close(wake_fd_);
}

void RedisBus::subscribe(const std::string& channel, Handler handler) {
    handlers_[channel].push_back(std::move(handler));
}

void RedisBus::start() {
    subscriber_ = std::thread([this] { subscribe_loop(); });
    publisher_ = std::thread([this] { publish_loop(); });
}

void RedisBus::stop() {
    if (stopping_.exchange(true)) {
        return;
    }
    const uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(wake_fd_, &one, sizeof one);
    {
        std::lock_guard lock(queue_mutex_);
        queue_.clear();
    }
    queue_ready_.notify_all();
    for (auto* thread : {&subscriber_, &publisher_}) {
        if (thread->joinable()) {
            thread->join();
        }
    }
    subscribed_ = false;
}

void RedisBus::publish(const std::string& channel, std::string message) {
    if (!publisher_up_) {
        drop(1, "Redis is not reachable");
        return;
    }
    {
        std::lock_guard lock(queue_mutex_);
        if (queue_.size() >= options_.max_queued) {
            drop(1, "the publish queue is full");
            return;
        }
        queue_.emplace_back(channel, seal(node_id_, message));
    }
    queue_ready_.notify_one();
}

void RedisBus::drop(size_t count, const char* why) {
    // One line per thousand drops is enough to see an outage without flooding the log.
    const uint64_t before = dropped_.fetch_add(count);
    if (before / 1000 != (before + count) / 1000 || before == 0) {
        spdlog::warn("bus: {} message(s) for other nodes dropped so far ({})", before + count, why);
    }
}

bool RedisBus::wait_stopping(std::chrono::milliseconds duration) {
    pollfd wake{.fd = wake_fd_, .events = POLLIN, .revents = 0};
    constexpr auto kForever = std::chrono::milliseconds(std::numeric_limits<int>::max());
    ::poll(&wake, 1, duration >= kForever ? -1 : static_cast<int>(duration.count()));
    return stopping_;
}

void RedisBus::subscribe_loop() {
    std::chrono::milliseconds backoff{0};
    bool reported = false;
    while (!stopping_) {
        try {
            subscribe_once();
            backoff = std::chrono::milliseconds(0);
        } catch (const RedisError& error) {
            subscribed_ = false;
            if (!reported) {
                spdlog::warn("bus: subscription to Redis lost or refused ({}); retrying", error.what());
                reported = true;
            }
            backoff = next_backoff(backoff, options_);
            wait_stopping(backoff);
            continue;
        }
        reported = false;
    }
}

// One connection's life: subscribe, then deliver until it fails (RedisError) or stop().
void RedisBus::subscribe_once() {
    if (handlers_.empty()) {
        wait_stopping(std::chrono::milliseconds::max());
        return;
    }
    RedisConnection connection(address_, options_.timeout);
    connection.connect();
    Command command{"SUBSCRIBE"};
    for (const auto& [channel, handlers] : handlers_) {
        command.push_back(channel);
    }
    connection.append(command);
    connection.flush();
    size_t confirmed = 0;
    auto last_heard = Clock::now();
    bool ping_sent = false;
    while (!stopping_) {
        while (auto reply = connection.buffered_reply()) {
            last_heard = Clock::now();
            ping_sent = false;
            if (reply->type != Reply::Type::kArray || reply->elements.empty()) {
                continue;
            }
            const auto& kind = reply->elements[0].str;
            if (kind == "message" && reply->elements.size() == 3) {
                deliver(node_id_, handlers_, reply->elements[1].str, reply->elements[2].str);
            } else if (kind == "subscribe" && ++confirmed == handlers_.size()) {
                subscribed_ = true;
                ++subscriptions_;
                spdlog::info(
                    "bus: subscribed to {} on {}", fmt::join(command.begin() + 1, command.end(), ", "), address_.text()
                );
            }
        }
        std::array<pollfd, 2> fds{
            pollfd{.fd = connection.fd(), .events = POLLIN, .revents = 0},
            pollfd{.fd = wake_fd_, .events = POLLIN, .revents = 0},
        };
        const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(options_.ping_interval.count()));
        if (ready < 0 && errno != EINTR) {
            throw RedisError("poll failed on the Redis connection");
        }
        if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            connection.read_available();
            continue;
        }
        if (ready == 0) {
            // Silence: a PING must come back before the next interval passes, or the link is dead.
            if (ping_sent) {
                throw RedisError("Redis did not answer a PING");
            }
            connection.append({"PING"});
            connection.flush();
            ping_sent = true;
        } else if (Clock::now() - last_heard > 3 * options_.ping_interval) {
            throw RedisError("Redis has been silent too long");
        }
    }
}

void RedisBus::publish_loop() {
    RedisConnection connection(address_, options_.timeout);
    std::chrono::milliseconds backoff{0};
    bool reported = false;
    while (!stopping_) {
        if (!connection.connected()) {
            try {
                connection.connect();
                publisher_up_ = true;
                backoff = std::chrono::milliseconds(0);
                if (reported) {
                    spdlog::info("bus: publishing to {} again", address_.text());
                }
                reported = false;
            } catch (const RedisError& error) {
                publisher_up_ = false;
                drained_.notify_all();
                if (!reported) {
                    spdlog::warn("bus: cannot publish to Redis ({}); retrying", error.what());
                    reported = true;
                }
                std::deque<std::pair<std::string, std::string>> stale;
                {
                    std::lock_guard lock(queue_mutex_);
                    stale.swap(queue_);
                }
                if (!stale.empty()) {
                    drop(stale.size(), "Redis is not reachable");
                }
                backoff = next_backoff(backoff, options_);
                wait_stopping(backoff);
                continue;
            }
        }
        std::deque<std::pair<std::string, std::string>> batch;
        {
            std::unique_lock lock(queue_mutex_);
            queue_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            batch.swap(queue_);
            in_flight_ = !batch.empty();
        }
        if (batch.empty()) {
            continue;
        }
        std::vector<Command> commands;
        commands.reserve(batch.size());
        for (const auto& [channel, frame] : batch) {
            commands.push_back(Command{"PUBLISH", channel, frame});
        }
        try {
            connection.pipeline(commands);
        } catch (const RedisError& error) {
            publisher_up_ = false;
            spdlog::warn("bus: lost the publishing connection to Redis ({})", error.what());
            reported = true;
            drop(batch.size(), "Redis went away");
        }
        {
            std::lock_guard lock(queue_mutex_);
            in_flight_ = false;
        }
        drained_.notify_all();
    }
}

bool RedisBus::drain(std::chrono::milliseconds timeout) {
    std::unique_lock lock(queue_mutex_);
    return drained_.wait_for(lock, timeout, [this] {
        return (queue_.empty() && !in_flight_) || !publisher_up_ || stopping_;
    });
}

}  // namespace chatter::pubsub
