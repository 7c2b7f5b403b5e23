#pragma once
// A Socket.IO namespace: middleware, connection handler, rooms and broadcasts, and the
// connection-state-recovery store (socket.io 4.6+ `connectionStateRecovery`).

#include <boost/json/array.hpp>

#include <any>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "socketio/room_members.hpp"
#include "socketio/sio_packet.hpp"
#include "socketio/socket.hpp"

namespace chatter::socketio {

struct RecoveryOptions {
    bool enabled = false;
    std::chrono::milliseconds max_disconnection_duration{2 * 60 * 1000};
    bool skip_middlewares = true;
};

/// Builds a broadcast: `nsp.to("a").except("b").emit(...)`. Holds a reference to its namespace.
class BroadcastOperator {
  public:
    explicit BroadcastOperator(Namespace& nsp) : nsp_(&nsp) {}

    BroadcastOperator to(std::string room) &&;
    BroadcastOperator except(std::string room) &&;

    /// Any thread. Encodes the packet once and queues it to every matching socket.
    void emit(std::string_view event, boost::json::array args = {}, Buffers buffers = {}) const;

    /// Any thread. The matching sockets at this moment (Node's fetchSockets, local only).
    std::vector<std::shared_ptr<Socket>> sockets() const;

    /// Any thread. Disconnects every matching socket (see Socket::disconnect).
    void disconnect_sockets(bool close_connection = false) const;

  private:
    Namespace* nsp_;
    std::set<std::string> rooms_;
    std::set<std::string> except_;
};

class Namespace {
  public:
    using Next = std::function<void(std::optional<ConnectError> error)>;
    /// Runs before a socket joins, in registration order. Called on the connection's strand; it
    /// may call `next` later from any thread (e.g. after a database lookup on a worker).
    using Middleware = std::function<void(const std::shared_ptr<Socket>& socket, Next next)>;
    using ConnectionHandler = std::function<void(const std::shared_ptr<Socket>& socket)>;

    Namespace(std::string name, RecoveryOptions recovery);

    const std::string& name() const { return name_; }

    /// Set up before serving (not thread-safe against running connections).
    void use(Middleware middleware);
    void on_connection(ConnectionHandler handler);

    BroadcastOperator to(std::string room) { return BroadcastOperator(*this).to(std::move(room)); }
    BroadcastOperator except(std::string room) { return BroadcastOperator(*this).except(std::move(room)); }
    /// Any thread: to every socket of the namespace.
    void emit(std::string_view event, boost::json::array args = {}, Buffers buffers = {});

    size_t socket_count() const;
    std::shared_ptr<Socket> socket(const std::string& id) const;

  private:
    friend class BroadcastOperator;
    friend class Client;
    friend class Socket;

    struct StoredPacket {
        std::string offset;
        std::set<std::string> rooms;
        std::set<std::string> except;
        boost::json::array data;
        Buffers buffers;
        std::chrono::steady_clock::time_point emitted;
    };
    struct Session {
        std::string sid;
        std::vector<std::string> rooms;
        std::any data;
        std::chrono::steady_clock::time_point disconnected;
    };

    void broadcast(
        boost::json::array data,
        Buffers buffers,
        const std::set<std::string>& rooms,
        const std::set<std::string>& except
    );
    std::vector<std::shared_ptr<Socket>> targets_locked(
        const std::set<std::string>& rooms, const std::set<std::string>& except
    ) const;
    void join(Socket& socket, const std::string& room);
    void leave(Socket& socket, const std::string& room);
    std::vector<std::string> rooms_of(const Socket& socket) const;
    std::vector<std::string> rooms_of_locked(const Socket& socket) const;
    /// The socket whose own-id room is `room`, if it is still in it.
    Socket* own_room_member_locked(const std::string& room) const;
    bool can_restore(const boost::json::object& auth) const;
    /// Adds the socket (and its own-id room); when `restore` names a recoverable session, takes
    /// over its id, rooms and data and returns the missed packets — atomically with respect to
    /// broadcasts, so nothing is missed or sent twice.
    std::vector<Packet> add(const std::shared_ptr<Socket>& socket, const boost::json::object& auth);
    void remove(Socket& socket, const std::string& reason);
    void prune_locked(std::chrono::steady_clock::time_point now);

    const std::string name_;
    const RecoveryOptions recovery_;
    std::vector<Middleware> middlewares_;
    ConnectionHandler on_connection_;

    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<Socket>> sockets_;
    std::unordered_map<std::string, RoomMembers<Socket>> rooms_;
    // Rooms other than each socket's own-id room (Socket::in_own_room_); no entry when none.
    std::unordered_map<const Socket*, std::set<std::string>> socket_rooms_;
    std::deque<StoredPacket> packets_;
    std::unordered_map<std::string, Session> sessions_;  // by pid
    uint64_t next_offset_ = 0;
    std::chrono::steady_clock::time_point last_session_prune_{};
};

}  // namespace chatter::socketio
