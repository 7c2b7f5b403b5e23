#pragma once
// How presence changes reach every connection as `user_list_refresh`, with a bound on what a burst
// costs. Each change goes to every connection, so n users reconnecting at once (a restart of the
// server or of a proxy in front of it) would cost n² frames if each were announced alone. Up to
// `burst` changes per `window` are announced one by one, at once, in the classic form
// `{online: name}` / `{offline: name}`; past that, changes wait until the window ends and go out
// together in one event, `{online: [names], offline: [names]}` (docs/api-messaging.md, Presence).

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "core/event_sink.hpp"

namespace chatter::presence {

class PresenceAnnouncer {
  public:
    struct Options {
        size_t burst = 10;
        std::chrono::milliseconds window{1000};
    };

    PresenceAnnouncer(EventSink& sink, Options options);
    ~PresenceAnnouncer();
    PresenceAnnouncer(const PresenceAnnouncer&) = delete;
    PresenceAnnouncer& operator=(const PresenceAnnouncer&) = delete;

    /// `username` went online or offline. Any thread; never blocks on the network.
    void changed(const std::string& username, bool online);

    /// Sends the changes that wait for the end of the window now (the window's timer does this;
    /// tests call it instead of waiting).
    void flush();

    /// Nothing more is announced, and what waits is dropped (the server is stopping).
    void stop();

  private:
    using Clock = std::chrono::steady_clock;

    void run(const std::stop_token& stop);
    /// With the lock held: the changes that wait, taken out as one payload.
    boost::json::object take_pending();

    EventSink& sink_;
    const Options options_;
    std::mutex mutex_;
    std::condition_variable_any wake_;
    Clock::time_point window_start_{};
    size_t sent_in_window_ = 0;
    std::map<std::string, bool> pending_;  // username → online; the last change of a user wins
    bool stopped_ = false;
    std::jthread timer_;  // last: started once the members it uses exist
};

}  // namespace chatter::presence
