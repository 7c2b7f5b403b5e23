#include "features/realtime/socketio_event_sink.hpp"

#include <boost/json/array.hpp>

#include "socketio/namespace.hpp"

namespace chatter::realtime {

std::string user_room(const std::string& username) {
    return "user:" + username;
}

void SocketIoEventSink::to_user(
    const std::string& username, const std::string& event, const boost::json::value& payload
) {
    nsp_.to(user_room(username)).emit(event, boost::json::array{payload});
}

void SocketIoEventSink::to_room(const std::string& room, const std::string& event, const boost::json::value& payload) {
    nsp_.to(room).emit(event, boost::json::array{payload});
}

void SocketIoEventSink::to_room_except(
    const std::string& room,
    const std::string& except_connection,
    const std::string& event,
    const boost::json::value& payload
) {
    nsp_.to(room).except(except_connection).emit(event, boost::json::array{payload});
}

void SocketIoEventSink::to_all(const std::string& event, const boost::json::value& payload) {
    nsp_.emit(event, boost::json::array{payload});
}

void SocketIoEventSink::disconnect_user(const std::string& username) {
    // A server-side disconnect ("io server disconnect"): the client does not reconnect by itself,
    // and a recovery attempt runs the auth middleware again, which refuses a banned account.
    nsp_.to(user_room(username)).disconnect_sockets(false);
}

}  // namespace chatter::realtime
