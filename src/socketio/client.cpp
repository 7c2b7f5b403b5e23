#include "socketio/client.hpp"

#include <boost/asio/dispatch.hpp>

#include <algorithm>

#include "core/crypto.hpp"
#include "socketio/server.hpp"
#include "socketio/socket.hpp"

namespace chatter::socketio {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// Socket ids and recovery ids: 88 bits in 15 characters, short enough for the small-string
// buffer (see kSidBytes in engineio/server.cpp).
constexpr size_t kIdBytes = 11;

Packet connect_error(const std::string& nsp, const ConnectError& error) {
    json::object body;
    body["message"] = error.message;
    if (error.data) {
        body["data"] = *error.data;
    }
    Packet packet;
    packet.type = PacketType::kConnectError;
    packet.nsp = nsp;
    packet.data = std::move(body);
    return packet;
}

// Runs a namespace's middlewares in order; `next` may come from any thread (§ API contract).
struct MiddlewareChain : std::enable_shared_from_this<MiddlewareChain> {
    std::vector<Namespace::Middleware> middlewares;
    std::shared_ptr<Socket> socket;
    std::function<void(std::optional<ConnectError>)> done;

    void step(size_t index) {
        if (index == middlewares.size()) {
            done(std::nullopt);
            return;
        }
        auto called = std::make_shared<std::atomic<bool>>(false);
        middlewares[index](socket, [self = shared_from_this(), index, called](std::optional<ConnectError> error) {
            if (called->exchange(true)) {
                return;
            }
            asio::dispatch(self->socket->strand(), [self, index, error = std::move(error)]() mutable {
                if (error) {
                    self->done(std::move(error));
                } else {
                    self->step(index + 1);
                }
            });
        });
    }
};

}  // namespace

Client::Client(Server& server, std::shared_ptr<engineio::Session> session)
    : server_(server),
      session_(std::move(session)),
      connect_timer_(std::make_unique<asio::steady_timer>(session_->strand())) {}

void Client::start() {
    auto self = shared_from_this();
    session_->set_handlers({
        .on_message = [self](const engineio::Packet& packet) { self->on_message(packet); },
        .on_close = [self](const std::string& reason) { self->on_close(reason); },
    });
    connect_timer_->expires_after(server_.options().connect_timeout);
    connect_timer_->async_wait([weak = weak_from_this()](boost::system::error_code ec) {
        auto client = weak.lock();
        // No namespace joined in time (§2.3 connectTimeout).
        if (!ec && client && client->sockets_.empty()) {
            client->close("forced close");
        }
    });
}

void Client::send(const Packet& packet) {
    session_->send(to_engineio(packet));
}

Client::SocketList::iterator Client::find_socket(const std::string& nsp) {
    return std::find_if(sockets_.begin(), sockets_.end(), [&](const auto& entry) { return entry.first == nsp; });
}

void Client::remove(const std::string& nsp) {
    if (const auto it = find_socket(nsp); it != sockets_.end()) {
        sockets_.erase(it);
    }
}

void Client::close(std::string reason) {
    if (closed_) {
        return;
    }
    closed_ = true;
    session_->close(std::move(reason));
}

void Client::disconnect_all() {
    auto sockets = std::move(sockets_);
    sockets_.clear();
    for (auto& [name, socket] : sockets) {
        socket->server_disconnect();
    }
    close("forced server close");
}

void Client::on_message(const engineio::Packet& packet) {
    if (closed_) {
        return;
    }
    const Decoder::Result result =
        packet.binary ? decoder_.add_binary(std::string(packet.body())) : decoder_.add_text(packet.body());
    if (result == Decoder::Result::kError) {
        // Any malformed packet closes the whole connection, like the reference parser (§2.2).
        close("parse error");
    } else if (result == Decoder::Result::kPacket) {
        on_packet(decoder_.take());
    }
}

void Client::on_packet(Packet packet) {
    if (packet.type == PacketType::kConnect) {
        connect(std::move(packet));
        return;
    }
    const auto it = find_socket(packet.nsp);
    if (it == sockets_.end()) {
        // A packet for a namespace this connection has not joined (§2.2).
        close("parse error");
        return;
    }
    const std::shared_ptr<Socket> socket = it->second;
    switch (packet.type) {
        case PacketType::kEvent:
        case PacketType::kBinaryEvent:
            socket->on_event(std::move(packet));
            break;
        case PacketType::kAck:
        case PacketType::kBinaryAck:
            if (!packet.id) {
                close("parse error");
                return;
            }
            socket->on_ack(std::move(packet));
            break;
        case PacketType::kDisconnect:
            // Only this namespace goes; the Engine.IO session stays (§2.4).
            sockets_.erase(it);
            socket->on_close("client namespace disconnect");
            break;
        default:
            close("parse error");
            break;
    }
}

void Client::connect(Packet packet) {
    const std::string name = packet.nsp;
    if (find_socket(name) != sockets_.end() ||
        std::find(connecting_.begin(), connecting_.end(), name) != connecting_.end()) {
        close("parse error");
        return;
    }
    Namespace* nsp = server_.find(name);
    if (nsp == nullptr) {
        // The connection stays open (§2.3).
        send(connect_error(name, ConnectError{"Invalid namespace", std::nullopt}));
        return;
    }
    json::object auth = packet.data ? std::move(packet.data->as_object()) : json::object();
    const bool recovery = nsp->recovery_.enabled;
    auto socket = std::make_shared<Socket>(
        shared_from_this(),
        *nsp,
        crypto::random_token(kIdBytes),
        recovery ? crypto::random_token(kIdBytes) : "",
        std::move(auth)
    );
    connecting_.push_back(name);
    const bool skip =
        nsp->middlewares_.empty() || (nsp->recovery_.skip_middlewares && nsp->can_restore(socket->auth()));
    if (skip) {
        finish_connect(socket, std::nullopt);
        return;
    }
    auto chain = std::make_shared<MiddlewareChain>();
    chain->middlewares = nsp->middlewares_;
    chain->socket = socket;
    chain->done = [self = shared_from_this(), socket](std::optional<ConnectError> error) {
        self->finish_connect(socket, std::move(error));
    };
    chain->step(0);
}

void Client::finish_connect(const std::shared_ptr<Socket>& socket, std::optional<ConnectError> error) {
    const std::string& name = socket->nsp_name();
    std::erase(connecting_, name);
    if (closed_) {
        return;
    }
    if (error) {
        send(connect_error(name, *error));
        return;
    }
    connect_timer_.reset();  // cancels the wait
    Namespace& nsp = socket->nsp();
    std::vector<Packet> missed = nsp.add(socket, socket->auth());
    sockets_.emplace_back(name, socket);
    // Only `sid`, plus `pid` with recovery: the client reads a CONNECT without sid as v2 (§2.3).
    json::object reply;
    reply["sid"] = socket->id();
    if (!socket->pid_.empty()) {
        reply["pid"] = socket->pid_;
    }
    Packet connect;
    connect.type = PacketType::kConnect;
    connect.data = std::move(reply);
    socket->send_packet(std::move(connect));
    for (auto& packet : missed) {
        socket->send_packet(std::move(packet));
    }
    if (nsp.on_connection_) {
        nsp.on_connection_(socket);
    }
}

void Client::on_close(const std::string& reason) {
    closed_ = true;
    connect_timer_.reset();
    auto sockets = std::move(sockets_);
    sockets_.clear();
    for (auto& [name, socket] : sockets) {
        socket->on_close(reason);
    }
}

}  // namespace chatter::socketio
