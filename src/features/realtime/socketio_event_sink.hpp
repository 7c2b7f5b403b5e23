#pragma once
// EventSink over the Socket.IO namespace of this node: each emit is encoded once and queued to
// every matching connection (socketio::BroadcastOperator).

#include "core/event_sink.hpp"

namespace chatter::socketio {
class Namespace;
}

namespace chatter::realtime {

/// The room every connection of `username` joins.
std::string user_room(const std::string& username);

class SocketIoEventSink final : public EventSink {
  public:
    explicit SocketIoEventSink(socketio::Namespace& nsp) : nsp_(nsp) {}

    void to_user(const std::string& username, const std::string& event, const boost::json::value& payload) override;
    void to_room(const std::string& room, const std::string& event, const boost::json::value& payload) override;
    void to_room_except(
        const std::string& room,
        const std::string& except_connection,
        const std::string& event,
        const boost::json::value& payload
    ) override;
    void to_all(const std::string& event, const boost::json::value& payload) override;
    void disconnect_user(const std::string& username) override;

  private:
    socketio::Namespace& nsp_;
};

}  // namespace chatter::realtime
