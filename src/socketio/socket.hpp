#pragma once
// A Socket.IO socket: one client's connection to one namespace (socketio-protocol.md §2), with an
// API shaped like the Node server's Socket.

#include <boost/asio/steady_timer.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <any>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "engineio/session.hpp"
#include "socketio/sio_packet.hpp"

namespace chatter::socketio {

class Client;
class Namespace;
class Socket;
class BroadcastOperator;

/// Refusal of a CONNECT by middleware; sent as `44{"message":…,"data":…}` (§2.3).
struct ConnectError {
    std::string message;
    std::optional<boost::json::value> data;
};

/// The acknowledgement callback of an event the client emitted with an ack id (§2.4).
/// Copyable; callable from any thread; only the first call sends anything.
class Ack {
  public:
    void operator()(boost::json::array results = {}, Buffers buffers = {}) const;

  private:
    friend class Socket;
    Ack(std::weak_ptr<Socket> socket, uint64_t id);

    std::weak_ptr<Socket> socket_;
    uint64_t id_;
    std::shared_ptr<std::atomic<bool>> used_;
};

/// What came back for an emit with ack: the client's results, or `timed_out` (also set when the
/// socket disconnected before answering).
struct AckResponse {
    bool timed_out = false;
    boost::json::array args;
    Buffers buffers;
};

class Socket : public std::enable_shared_from_this<Socket> {
  public:
    /// `args` belong to the handler for the duration of the call: it may move them on (into an
    /// ack or an emit, as a Node handler passes its arguments along) instead of copying them.
    using EventHandler = std::function<void(boost::json::array& args, std::optional<Ack> ack)>;
    /// Same, with the binary attachments that `{"_placeholder":true,"num":N}` args refer to.
    using BinaryEventHandler =
        std::function<void(boost::json::array& args, const Buffers& buffers, std::optional<Ack> ack)>;
    using AckCallback = std::function<void(AckResponse response)>;

    Socket(std::shared_ptr<Client> client, Namespace& nsp, std::string id, std::string pid, boost::json::object auth);

    /// Public id (never the Engine.IO sid, which is the session's bearer token: §4 item 8).
    const std::string& id() const { return id_; }
    const std::string& nsp_name() const;
    Namespace& nsp() const { return nsp_; }
    /// The CONNECT payload (`{}` when absent).
    const boost::json::object& auth() const { return auth_; }
    /// Handshake request of the underlying Engine.IO session (headers such as Cookie, Origin).
    const net::HttpRequest& request() const;
    const net::PeerInfo& peer() const;
    /// True when this socket took over a disconnected one by connection-state recovery.
    bool recovered() const { return recovered_; }
    bool connected() const { return connected_.load(); }

    /// The application's slot (the signed-in user, typically). Set it in middleware; after the
    /// connection it is only read, so any thread may read it.
    std::any data;

    /// Strand only: register in the namespace's connection handler.
    void on(std::string event, EventHandler handler);
    void on_binary(std::string event, BinaryEventHandler handler);
    /// Strand only. Runs for each event without a handler of its own (`on`/`on_binary`). An
    /// application with many events registers one such dispatcher over a table that every
    /// socket shares, instead of a copy of each handler per socket (memory per connection).
    using OtherEventHandler =
        std::function<void(const std::string& event, boost::json::array& args, std::optional<Ack> ack)>;
    void on_other(OtherEventHandler handler);
    /// Strand only. Adds a handler run once when the socket disconnects (in registration order);
    /// several features (presence, documents, voice) each register their own.
    void on_disconnect(std::function<void(const std::string& reason)> handler);

    /// Any thread. Sends `event` with `args` to this client; throws for a reserved event name.
    void emit(std::string_view event, boost::json::array args = {}, Buffers buffers = {});

    /// Any thread. Like emit, asking for an ack; `callback` runs on the socket's strand, once.
    void emit_with_ack(
        std::string_view event,
        boost::json::array args,
        std::chrono::milliseconds timeout,
        AckCallback callback,
        Buffers buffers = {}
    );

    /// Any thread; takes effect at once for broadcasts.
    void join(const std::string& room);
    void leave(const std::string& room);
    std::vector<std::string> rooms() const;

    /// Broadcast to a room's sockets except this one (like Node's socket.to(room)).
    BroadcastOperator to(std::string room) const;

    /// Any thread. Server-side disconnect: sends DISCONNECT for this namespace (the client then
    /// reports "io server disconnect" and does not reconnect). With `close_connection`, like Node,
    /// every namespace of the connection is disconnected that way and the Engine.IO session closes.
    void disconnect(bool close_connection = false);

    /// The strand this socket's handlers run on.
    const engineio::Strand& strand() const;

  private:
    friend class Ack;
    friend class Client;
    friend class Namespace;

    struct PendingAck {
        AckCallback callback;
        std::unique_ptr<boost::asio::steady_timer> timer;
    };

    // Strand only.
    void send_packet(Packet packet);
    void send_frames(const std::vector<engineio::Packet>& frames);
    void on_event(Packet packet);
    void on_ack(Packet packet);
    void on_close(const std::string& reason);
    void server_disconnect();

    std::shared_ptr<Client> client_;
    std::shared_ptr<engineio::Session> session_;
    Namespace& nsp_;
    std::string id_;   // replaced by the recovered id before the socket is visible (Namespace::add)
    std::string pid_;  // private session id for recovery; empty when recovery is off
    const boost::json::object auth_;
    bool recovered_ = false;
    std::atomic<bool> connected_{false};
    // In the room named by its own id (as every socket is until it leaves it). The namespace keeps
    // that room implicit, guarded by its lock: a stored room per socket would cost each
    // connection a map node, a set node and two copies of the id.
    bool in_own_room_ = true;
    // Either kind as given: wrapping an EventHandler into a BinaryEventHandler would cost every
    // socket one more allocation per event name.
    // A vector searched in order: a socket has a handful of events, and a map would cost a node
    // per event plus a bucket array per socket.
    using HandlerSlot = std::variant<EventHandler, BinaryEventHandler>;
    void set_handler(std::string event, HandlerSlot handler);
    std::vector<std::pair<std::string, HandlerSlot>> handlers_;
    OtherEventHandler other_handler_;
    std::vector<std::function<void(const std::string&)>> on_disconnect_;
    std::unordered_map<uint64_t, PendingAck> acks_;
    uint64_t next_ack_id_ = 0;
};

/// The EVENT payload: `[event, ...args]`.
boost::json::array event_data(std::string_view event, boost::json::array args);

/// Throws std::invalid_argument for a reserved event name (§2.2).
void check_event_name(std::string_view event);

/// Converts a Socket.IO packet to its Engine.IO messages: the text packet, then one binary message
/// per attachment (§2.1). Encoded once; the result can be handed to any number of sessions.
std::vector<engineio::Packet> to_engineio(const Packet& packet);

}  // namespace chatter::socketio
