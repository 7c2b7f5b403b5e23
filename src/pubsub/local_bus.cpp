#include "pubsub/local_bus.hpp"

#include <algorithm>
#include <stdexcept>

#include "pubsub/delivery.hpp"
#include "pubsub/envelope.hpp"

namespace chatter::pubsub {

void LocalHub::attach(LocalBus* bus) {
    std::lock_guard lock(mutex_);
    buses_.push_back(bus);
}

void LocalHub::detach(LocalBus* bus) {
    std::lock_guard lock(mutex_);
    std::erase(buses_, bus);
}

void LocalHub::fan_out(const std::string& channel, const std::string& frame) {
    std::lock_guard lock(mutex_);
    for (auto* bus : buses_) {
        bus->enqueue(channel, frame);
    }
}

LocalBus::LocalBus(std::shared_ptr<LocalHub> hub, std::string node_id)
    : hub_(std::move(hub)), node_id_(std::move(node_id)) {
    if (!valid_node_id(node_id_)) {
        throw std::invalid_argument("invalid node id: " + node_id_);
    }
}

LocalBus::~LocalBus() {
    stop();
}

void LocalBus::subscribe(const std::string& channel, Handler handler) {
    handlers_[channel].push_back(std::move(handler));
}

void LocalBus::start() {
    hub_->attach(this);
    thread_ = std::thread([this] { run(); });
}

void LocalBus::publish(const std::string& channel, std::string message) {
    hub_->fan_out(channel, seal(node_id_, message));
}

void LocalBus::stop() {
    if (!thread_.joinable()) {
        return;
    }
    hub_->detach(this);
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void LocalBus::enqueue(const std::string& channel, const std::string& frame) {
    {
        std::lock_guard lock(mutex_);
        queue_.emplace_back(channel, frame);
    }
    wake_.notify_one();
}

void LocalBus::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) {
            return;
        }
        auto [channel, frame] = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        deliver(node_id_, handlers_, channel, frame);
        lock.lock();
    }
}

}  // namespace chatter::pubsub
