#pragma once
// Who is online: a user is online while at least one of their connections is open (two tabs: the
// user stays online until the last one closes). Announces changes as `user_list_refresh`.
//
// Each node counts its own connections. Given a PresenceDirectory (cluster mode), a user's first
// connection on this node enters the directory's "online" scope and the last one leaves it; the
// change is announced only when the directory says it changed cluster-wide, and the questions
// (who, how many) are answered from the directory (from this node's counts while it is away).

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/event_sink.hpp"
#include "core/presence_directory.hpp"
#include "features/presence/presence_announcer.hpp"

namespace chatter::presence {

class PresenceService {
  public:
    /// The directory scope of online users.
    static constexpr const char* kScope = "online";

    explicit PresenceService(
        EventSink& sink, PresenceDirectory* directory = nullptr, PresenceAnnouncer::Options batching = {}
    );

    /// A connection of `username` opened. Announces `user_list_refresh {online: username}` to
    /// everyone when it is the user's first (bursts are batched: PresenceAnnouncer). Thread-safe;
    /// never blocks.
    void connected(const std::string& username);

    /// A connection closed. Emits `user_list_refresh {offline: username}` when it was the last.
    void disconnected(const std::string& username);

    /// The server is stopping and every connection is about to close: announcing each departure
    /// to every connection still open would be n² frames to drain before the process can exit.
    /// Counting goes on; nothing more is announced. (A cluster node leaves the directory as a
    /// whole instead, so the other nodes still learn who went offline.) Thread-safe.
    void stop_announcing() {
        announcing_ = false;
        announcer_.stop();
    }

    /// With a directory these block on it: worker threads only.
    bool is_online(const std::string& username) const;
    int64_t online_count() const;

    /// Online usernames, sorted.
    std::vector<std::string> online_users() const;

  private:
    /// The user's first connection on this node opened (`online`) or its last one closed:
    /// announced at once on a single node; with a directory only when that changed the cluster's
    /// answer.
    void node_changed(const std::string& username, bool online);
    void announce(const std::string& username, bool online);
    std::vector<std::string> local_users() const;

    PresenceDirectory* directory_;
    std::atomic<bool> announcing_{true};
    mutable std::mutex mutex_;
    std::unordered_map<std::string, int> connections_;
    PresenceAnnouncer announcer_;  // last: its timer thread stops before the rest goes
};

}  // namespace chatter::presence
