#pragma once
// Who is online: a user is online while at least one of their connections is open (two tabs: the
// user stays online until the last one closes). Announces changes as `user_list_refresh`.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/event_sink.hpp"

namespace chatter::presence {

class PresenceService {
  public:
    explicit PresenceService(EventSink& sink) : sink_(sink) {}

    /// A connection of `username` opened. Emits `user_list_refresh {online: username}` to everyone
    /// when it is the user's first. Thread-safe.
    void connected(const std::string& username);

    /// A connection closed. Emits `user_list_refresh {offline: username}` when it was the last.
    void disconnected(const std::string& username);

    /// The server is stopping and every connection is about to close: announcing each departure
    /// to every connection still open would be n² frames to drain before the process can exit.
    /// Counting goes on; nothing more is announced. Thread-safe.
    void stop_announcing() { announcing_ = false; }

    bool is_online(const std::string& username) const;
    int64_t online_count() const;

    /// Online usernames, sorted.
    std::vector<std::string> online_users() const;

  private:
    EventSink& sink_;
    std::atomic<bool> announcing_{true};
    mutable std::mutex mutex_;
    std::unordered_map<std::string, int> connections_;
};

}  // namespace chatter::presence
