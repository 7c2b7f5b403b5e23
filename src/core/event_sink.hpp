#pragma once
// How services announce what happened, without knowing about sockets: the Socket.IO adapter
// (features/realtime) delivers in-process; a cluster node would publish through Redis instead.
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

    /// To every connected user.
    virtual void to_all(const std::string& event, const boost::json::value& payload) = 0;

    /// Closes every live connection of one user (account deleted or banned): their sessions are
    /// already gone, this makes the loss of access immediate for open sockets too.
    virtual void disconnect_user(const std::string& username) = 0;
};

/// Discards everything (tests of services that do not care about events, CLI tools).
class NullEventSink final : public EventSink {
  public:
    void to_user(const std::string&, const std::string&, const boost::json::value&) override {}
    void to_room(const std::string&, const std::string&, const boost::json::value&) override {}
    void to_all(const std::string&, const boost::json::value&) override {}
    void disconnect_user(const std::string&) override {}
};

}  // namespace chatter
