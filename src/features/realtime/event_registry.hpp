#pragma once
// The Socket.IO adapter for features: each feature's `<f>_events.cpp` registers its client events
// here; the registry runs each handler on the worker pool with the socket's principal and answers
// in the ack. This is the only place a chatter::Error becomes a Socket.IO answer:
//   with an ack:    ack({ok: false, error, code[, retry_after]}) — the handler's object (with ok: true) otherwise
//   without an ack: an `error` event {ok: false, error, code, event}
// Handlers run on worker threads; they may block on storage.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/principal.hpp"

namespace chatter::net {
class WorkerPool;
}
namespace chatter::socketio {
class Socket;
}

namespace chatter::realtime {

/// What a handler knows about the emitting connection.
struct EventContext {
    const Principal& principal;
    const boost::json::value& payload;  // the event's first argument (null when none)
    socketio::Socket& socket;           // for join/leave of rooms; emit through EventSink instead
};

class EventRegistry {
  public:
    /// Returns the ack body; `ok: true` is added when absent. Throw chatter::Error to refuse.
    using Handler = std::function<boost::json::object(EventContext& context)>;
    /// Cleanup of a connection that went away (closed, lost, or server-disconnected); runs on the
    /// socket's strand, so it must not block. The socket is already marked disconnected.
    using DisconnectHandler = std::function<void(socketio::Socket& socket)>;

    explicit EventRegistry(net::WorkerPool& workers) : workers_(workers) {}

    /// Before serving. Throws std::invalid_argument on a duplicate event name.
    void add(const std::string& event, Handler handler);

    /// Before serving. For state a feature keeps per connection (who has a document open):
    /// clients may vanish without saying goodbye.
    void on_disconnect(DisconnectHandler handler);

    /// Registers every event and disconnect handler on a connected socket whose `data` holds a
    /// Principal.
    void attach(const std::shared_ptr<socketio::Socket>& socket) const;

    bool contains(const std::string& event) const { return handlers_.count(event) > 0; }

  private:
    net::WorkerPool& workers_;
    std::unordered_map<std::string, Handler> handlers_;
    std::vector<DisconnectHandler> disconnect_handlers_;
};

}  // namespace chatter::realtime
