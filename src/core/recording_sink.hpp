#pragma once
// For tests: an EventSink that records what it was asked to deliver.

#include <boost/json.hpp>

#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/event_sink.hpp"

namespace chatter::testing {

struct Emitted {
    std::string target;  // "user:<name>", "room:<room>" or "all"
    std::string event;
    boost::json::value payload;
    std::string except;  // the connection left out (to_room_except)
};

class RecordingSink final : public EventSink {
  public:
    void to_user(const std::string& username, const std::string& event, const boost::json::value& payload) override {
        record("user:" + username, event, payload);
    }
    void to_room(const std::string& room, const std::string& event, const boost::json::value& payload) override {
        record("room:" + room, event, payload);
    }
    /// Recorded as "room:<room>" with `except` set.
    void to_room_except(
        const std::string& room,
        const std::string& except_connection,
        const std::string& event,
        const boost::json::value& payload
    ) override {
        record("room:" + room, event, payload, except_connection);
    }
    void to_all(const std::string& event, const boost::json::value& payload) override { record("all", event, payload); }
    /// Recorded as a `disconnect` event to "user:<name>".
    void disconnect_user(const std::string& username) override { record("user:" + username, "disconnect", nullptr); }

    std::vector<Emitted> take() {
        std::lock_guard lock(mutex_);
        return std::exchange(events_, {});
    }

    /// Targets of every recorded `event`, in order.
    std::vector<std::string> targets_of(const std::string& event) {
        std::lock_guard lock(mutex_);
        std::vector<std::string> out;
        for (const auto& e : events_) {
            if (e.event == event) {
                out.push_back(e.target);
            }
        }
        return out;
    }

  private:
    void record(
        std::string target, const std::string& event, const boost::json::value& payload, std::string except = {}
    ) {
        std::lock_guard lock(mutex_);
        events_.push_back(Emitted{std::move(target), event, payload, std::move(except)});
    }

    std::mutex mutex_;
    std::vector<Emitted> events_;
};

}  // namespace chatter::testing
