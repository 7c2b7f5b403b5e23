#include "engineio/deadline_queue.hpp"

#include <algorithm>

namespace chatter::engineio {

namespace asio = boost::asio;

boost::asio::execution_context::id DeadlineQueue::id;  // NOLINT(cert-err58-cpp): asio service key

struct DeadlineQueue::Lane {
    Clock::duration duration;
    Entry* head = nullptr;
    Entry* tail = nullptr;
};

DeadlineQueue::Entry::~Entry() {
    if (queue_ != nullptr) {
        queue_->cancel(*this);
    }
}

DeadlineQueue::DeadlineQueue(asio::io_context& context) : service(context), timer_(context) {}

DeadlineQueue::~DeadlineQueue() = default;

DeadlineQueue& DeadlineQueue::of(asio::io_context& context) {
    return asio::use_service<DeadlineQueue>(context);
}

uint64_t DeadlineQueue::arm(Entry& entry, Clock::duration after) {
    const std::lock_guard lock(mutex_);
    if (entry.lane_ != nullptr) {
        unlink(entry);
    }
    entry.generation_ = ++next_generation_;
    if (stopped_) {
        return entry.generation_;
    }
    auto found = std::find_if(lanes_.begin(), lanes_.end(), [&](const auto& lane) { return lane->duration == after; });
    if (found == lanes_.end()) {
        lanes_.push_back(std::make_unique<Lane>(Lane{.duration = after}));
        found = std::prev(lanes_.end());
    }
    Lane& lane = **found;
    entry.queue_ = this;
    entry.lane_ = &lane;
    entry.due_ = Clock::now() + after;
    entry.prev_ = lane.tail;
    entry.next_ = nullptr;
    (lane.tail != nullptr ? lane.tail->next_ : lane.head) = &entry;
    lane.tail = &entry;
    ++linked_;
    if (entry.due_ < timer_due_) {
        schedule();
    }
    return entry.generation_;
}

void DeadlineQueue::cancel(Entry& entry) {
    const std::lock_guard lock(mutex_);
    if (entry.lane_ != nullptr) {
        unlink(entry);
    }
}

size_t DeadlineQueue::size() const {
    const std::lock_guard lock(mutex_);
    return linked_;
}

void DeadlineQueue::unlink(Entry& entry) {
    Lane& lane = *entry.lane_;
    (entry.prev_ != nullptr ? entry.prev_->next_ : lane.head) = entry.next_;
    (entry.next_ != nullptr ? entry.next_->prev_ : lane.tail) = entry.prev_;
    entry.lane_ = nullptr;
    entry.prev_ = entry.next_ = nullptr;
    --linked_;
    // The timer is left as it is: waking for a cancelled head costs one spurious wake-up, which
    // is cheaper than re-arming the timer on every cancel (each pong cancels a pong deadline).
}

// Waits for the earliest lane head. Called with the lock held.
void DeadlineQueue::schedule() {
    auto earliest = Clock::time_point::max();
    for (const auto& lane : lanes_) {
        if (lane->head != nullptr) {
            earliest = std::min(earliest, lane->head->due_);
        }
    }
    if (earliest == timer_due_) {
        return;
    }
    timer_due_ = earliest;
    if (earliest == Clock::time_point::max()) {
        timer_.cancel();
        return;
    }
    timer_.expires_at(earliest);
    timer_.async_wait([this](boost::system::error_code ec) { on_timer(ec); });
}

void DeadlineQueue::on_timer(boost::system::error_code ec) {
    if (ec == asio::error::operation_aborted) {
        return;  // re-armed for another deadline, or shutting down
    }
    const std::lock_guard lock(mutex_);
    if (stopped_) {
        return;
    }
    const auto now = Clock::now();
    for (const auto& lane : lanes_) {
        while (lane->head != nullptr && lane->head->due_ <= now) {
            Entry& entry = *lane->head;
            unlink(entry);
            entry.expired(entry.generation_);
        }
    }
    timer_due_ = Clock::time_point::max();
    schedule();
}

void DeadlineQueue::shutdown() {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
    for (const auto& lane : lanes_) {
        while (lane->head != nullptr) {
            Entry& entry = *lane->head;
            unlink(entry);
            entry.queue_ = nullptr;
        }
    }
    timer_.cancel();
    timer_due_ = Clock::time_point::max();
}

}  // namespace chatter::engineio
