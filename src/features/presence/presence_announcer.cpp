#include "features/presence/presence_announcer.hpp"

#include <boost/json.hpp>

namespace chatter::presence {

namespace json = boost::json;

namespace {

constexpr const char* kEvent = "user_list_refresh";

json::object single(const std::string& username, bool online) {
    return json::object{{online ? "online" : "offline", username}};
}

}  // namespace

PresenceAnnouncer::PresenceAnnouncer(EventSink& sink, Options options)
    : sink_(sink), options_(options), timer_([this](const std::stop_token& stop) { run(stop); }) {}

PresenceAnnouncer::~PresenceAnnouncer() {
    timer_.request_stop();
    wake_.notify_all();
}

void PresenceAnnouncer::changed(const std::string& username, bool online) {
    std::unique_lock lock(mutex_);
    if (stopped_) {
        return;
    }
    const auto now = Clock::now();
    if (now - window_start_ >= options_.window) {
        window_start_ = now;
        sent_in_window_ = 0;
    }
    // Alone while the budget lasts; once something waits, everything after it waits too, so
    // that no client sees a later change before an earlier one.
    if (pending_.empty() && sent_in_window_ < options_.burst) {
        ++sent_in_window_;
        lock.unlock();
        sink_.to_all(kEvent, single(username, online));
        return;
    }
    const bool first = pending_.empty();
    pending_[username] = online;
    if (first) {
        wake_.notify_all();
    }
}

void PresenceAnnouncer::flush() {
    std::unique_lock lock(mutex_);
    if (pending_.empty()) {
        return;
    }
    json::object payload = take_pending();
    // The batch opens a new window, so the next burst is again bounded.
    window_start_ = Clock::now();
    sent_in_window_ = options_.burst;
    lock.unlock();
    sink_.to_all(kEvent, payload);
}

void PresenceAnnouncer::stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    pending_.clear();
}

json::object PresenceAnnouncer::take_pending() {
    if (pending_.size() == 1) {
        const auto& [username, online] = *pending_.begin();
        json::object payload = single(username, online);
        pending_.clear();
        return payload;
    }
    json::array online;
    json::array offline;
    for (const auto& [username, is_online] : pending_) {
        (is_online ? online : offline).emplace_back(username);
    }
    pending_.clear();
    json::object payload;
    if (!online.empty()) {
        payload["online"] = std::move(online);
    }
    if (!offline.empty()) {
        payload["offline"] = std::move(offline);
    }
    return payload;
}

void PresenceAnnouncer::run(const std::stop_token& stop) {
    std::unique_lock lock(mutex_);
    while (!stop.stop_requested()) {
        if (pending_.empty()) {
            wake_.wait(lock, stop, [this] { return !pending_.empty(); });
            continue;
        }
        const auto due = window_start_ + options_.window;
        if (Clock::now() < due) {
            wake_.wait_until(lock, stop, due, [] { return false; });
            continue;
        }
        lock.unlock();
        flush();
        lock.lock();
    }
}

}  // namespace chatter::presence
