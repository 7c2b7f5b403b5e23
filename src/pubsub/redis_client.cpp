#include "pubsub/redis_client.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace chatter::pubsub {

RedisClient::RedisClient(RedisAddress address, std::string purpose, RedisClientOptions options)
    : address_(std::move(address)), purpose_(std::move(purpose)), options_(options) {
    for (size_t i = 0; i < std::max<size_t>(1, options_.connections); ++i) {
        auto slot = std::make_unique<Slot>();
        slot->connection = std::make_unique<RedisConnection>(address_, options_.timeout);
        slots_.push_back(std::move(slot));
    }
}

std::optional<Reply> RedisClient::command(const Command& args) {
    {
        std::lock_guard lock(state_mutex_);
        if (!available_ && std::chrono::steady_clock::now() < retry_at_) {
            return std::nullopt;
        }
    }
    // A free connection if there is one; otherwise wait for the next in turn.
    for (const auto& slot : slots_) {
        std::unique_lock lock(slot->mutex, std::try_to_lock);
        if (lock.owns_lock()) {
            return run(*slot, args);
        }
    }
    Slot& slot = *slots_[next_slot_++ % slots_.size()];
    std::lock_guard lock(slot.mutex);
    return run(slot, args);
}

std::optional<Reply> RedisClient::eval(std::string_view script, const Command& keys, const Command& args) {
    const std::string key_count = std::to_string(keys.size());
    Command full{"EVAL", script, key_count};
    full.insert(full.end(), keys.begin(), keys.end());
    full.insert(full.end(), args.begin(), args.end());
    return command(full);
}

std::optional<Reply> RedisClient::run(Slot& slot, const Command& args) {
    try {
        // After a failure every connection is suspect (a restarted Redis closed them all).
        if (!slot.connection->connected() || slot.generation != outages_) {
            slot.generation = outages_;
            slot.connection->connect();
        }
        Reply reply = slot.connection->command(args);
        succeeded();
        return reply;
    } catch (const RedisError& error) {
        failed(error);
        return std::nullopt;
    }
}

void RedisClient::failed(const RedisError& error) {
    std::lock_guard lock(state_mutex_);
    backoff_ = std::clamp(backoff_ * 2, options_.min_backoff, options_.max_backoff);
    retry_at_ = std::chrono::steady_clock::now() + backoff_;
    ++outages_;
    if (available_.exchange(false)) {
        spdlog::warn("redis ({}): {}; serving from this node alone until it is back", purpose_, error.what());
    }
}

void RedisClient::succeeded() {
    if (available_) {
        return;
    }
    std::lock_guard lock(state_mutex_);
    backoff_ = std::chrono::milliseconds(0);
    if (!available_.exchange(true)) {
        spdlog::info("redis ({}): connected to {} again", purpose_, address_.text());
    }
}

}  // namespace chatter::pubsub
