#pragma once
// Test helpers for messaging services: a recording EventSink and a scratch backend with users.

#include <boost/json.hpp>

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/event_sink.hpp"
#include "core/principal.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace chatter::messages::testing {

struct Emitted {
    std::string target;  // "user:<name>", "room:<room>" or "all"
    std::string event;
    boost::json::value payload;
};

class RecordingSink final : public EventSink {
  public:
    void to_user(const std::string& username, const std::string& event, const boost::json::value& payload) override {
        record("user:" + username, event, payload);
    }
    void to_room(const std::string& room, const std::string& event, const boost::json::value& payload) override {
        record("room:" + room, event, payload);
    }
    void to_all(const std::string& event, const boost::json::value& payload) override { record("all", event, payload); }
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
    void record(std::string target, const std::string& event, const boost::json::value& payload) {
        std::lock_guard lock(mutex_);
        events_.push_back(Emitted{std::move(target), event, payload});
    }

    std::mutex mutex_;
    std::vector<Emitted> events_;
};

/// The error code `fn` throws, or "no error".
inline std::string code_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& error) {
        return error.code();
    }
    return "no error";
}

/// Creates a user in the backend and returns its principal.
inline Principal make_user(storage::Backend& backend, const std::string& name, const std::string& role = "user") {
    const auto record =
        backend.users().insert(storage::NewUser{.username = name, .password_hash = "x", .role = role}, false);
    return Principal{.id = record.id, .username = record.username, .role = record.role};
}

}  // namespace chatter::messages::testing
