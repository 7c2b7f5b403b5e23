#pragma once
// The Socket.IO side of one Engine.IO session: decodes packets, multiplexes namespaces, enforces
// the connect timeout (socketio-protocol.md §2.2-§2.3). Lives on the session's strand.

#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engineio/session.hpp"
#include "socketio/sio_packet.hpp"

namespace chatter::socketio {

class Server;
class Socket;

class Client : public std::enable_shared_from_this<Client> {
  public:
    Client(Server& server, std::shared_ptr<engineio::Session> session);

    /// Strand only, once: installs the session handlers and the connect timer.
    void start();

    const std::shared_ptr<engineio::Session>& session() const { return session_; }

    /// Strand only.
    void send(const Packet& packet);
    void remove(const std::string& nsp);
    /// Closes the whole Engine.IO session (protocol error or server request).
    void close(std::string reason);
    /// Disconnects every namespace socket with DISCONNECT packets, then closes the session.
    void disconnect_all();

  private:
    void on_message(const engineio::Packet& packet);
    void on_packet(Packet packet);
    void connect(Packet packet);
    void finish_connect(const std::shared_ptr<Socket>& socket, std::optional<struct ConnectError> error);
    void on_close(const std::string& reason);

    Server& server_;
    std::shared_ptr<engineio::Session> session_;
    Decoder decoder_;
    // By namespace name. A connection rarely joins more than one or two, so a vector: an
    // unordered_map would cost each connection a node and a bucket array (about 170 bytes).
    using SocketList = std::vector<std::pair<std::string, std::shared_ptr<Socket>>>;
    SocketList::iterator find_socket(const std::string& nsp);
    SocketList sockets_;
    // Namespaces whose middlewares are running: rarely more than one, so a vector (an empty
    // unordered_set keeps its bucket array once used).
    std::vector<std::string> connecting_;
    // Until the first namespace is joined (§2.3 connectTimeout), then freed with its pending wait.
    std::unique_ptr<boost::asio::steady_timer> connect_timer_;
    bool closed_ = false;
};

}  // namespace chatter::socketio
