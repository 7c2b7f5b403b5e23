#pragma once
// How services announce what happened, without knowing about sockets: the Socket.IO adapter
// (features/realtime) delivers to this node's connections; in cluster mode cluster::ClusterRelay
// delivers here too and publishes the same event for every other node (Redis).
// Every method may be called from any thread and never blocks on the network.

#include <boost/json/value.hpp>

#include <string>

namespace chatter {

class EventSink {
  public:
    virtual ~EventSink() = default;

    /// To every connection of one user (the room `user:<username>`), so all their tabs see it.
    virtual void to_user(const std::string& username, const std::string& event, const boost::json::value& payload) = 0;

    /// To every connection in a room (e.g. `channel:general`, `gdm:12`, `doc:3`).
    virtual void to_room(const std::string& room, const std::string& event, const boost::json::value& payload) = 0;

    /// To every connection in a room but one (the connection whose action it reports: it learns the
    /// outcome from its ack). `except_connection` is a Socket.IO socket id.
    virtual void to_room_except(
        const std::string& room,
        const std::string& except_connection,
        const std::string& event,
        const boost::json::value& payload
    ) = 0;

    /// To every connected user.
    virtual void to_all(const std::string& event, const boost::json::value& payload) = 0;

    /// Ends every live connection of a user (ban, deletion): their sockets stop at once instead of
    /// at their next request. Sinks without connections ignore it.
    virtual void disconnect_user(const std::string& /*username*/) {}
};

/// Discards everything (tests of services that do not care about events, CLI tools).
class NullEventSink final : public EventSink {
  public:
    void to_user(const std::string&, const std::string&, const boost::json::value&) override {}
    void to_room(const std::string&, const std::string&, const boost::json::value&) override {}
    void to_room_except(const std::string&, const std::string&, const std::string&, const boost::json::value&)
        override {}
    void to_all(const std::string&, const boost::json::value&) override {}
    void disconnect_user(const std::string&) override {}
};

}  // namespace chatter
