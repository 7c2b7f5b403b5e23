#include "socketio/socket.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <stdexcept>

#include "socketio/client.hpp"
#include "socketio/namespace.hpp"

namespace chatter::socketio {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

Packet event_packet(std::string_view event, json::array args, Buffers buffers) {
    Packet packet;
    packet.type = PacketType::kEvent;
    packet.data = event_data(event, std::move(args));
    packet.buffers = std::move(buffers);
    return packet;
}

}  // namespace

json::array event_data(std::string_view event, json::array args) {
    json::array data;
    data.reserve(args.size() + 1);
    data.emplace_back(event);
    for (auto& arg : args) {
        data.push_back(std::move(arg));
    }
    return data;
}

std::vector<engineio::Packet> to_engineio(const Packet& packet) {
    std::vector<engineio::Packet> frames;
    frames.reserve(1 + packet.buffers.size());
    frames.push_back(engineio::make_message(std::make_shared<const std::string>(encode(packet)), false));
    for (const auto& buffer : packet.buffers) {
        frames.push_back(engineio::make_message(std::make_shared<const std::string>(buffer), true));
    }
    return frames;
}

Ack::Ack(std::weak_ptr<Socket> socket, uint64_t id)
    : socket_(std::move(socket)), id_(id), used_(std::make_shared<std::atomic<bool>>(false)) {}

void Ack::operator()(json::array results, Buffers buffers) const {
    if (used_->exchange(true)) {
        return;
    }
    auto socket = socket_.lock();
    if (!socket) {
        return;
    }
    Packet packet;
    packet.type = PacketType::kAck;
    packet.id = id_;
    packet.data = std::move(results);
    packet.buffers = std::move(buffers);
    asio::dispatch(socket->strand(), [socket, packet = std::move(packet)]() mutable {
        socket->send_packet(std::move(packet));
    });
}

Socket::Socket(std::shared_ptr<Client> client, Namespace& nsp, std::string id, std::string pid, json::object auth)
    : client_(std::move(client)),
      session_(client_->session()),
      nsp_(nsp),
      id_(std::move(id)),
      pid_(std::move(pid)),
      auth_(std::move(auth)) {}

const std::string& Socket::nsp_name() const {
    return nsp_.name();
}
const net::HttpRequest& Socket::request() const {
    return session_->handshake();
}
const net::PeerInfo& Socket::peer() const {
    return session_->peer();
}
const engineio::Strand& Socket::strand() const {
    return session_->strand();
}

void Socket::set_handler(std::string event, HandlerSlot handler) {
    for (auto& [name, slot] : handlers_) {
        if (name == event) {
            slot = std::move(handler);
            return;
        }
    }
    handlers_.emplace_back(std::move(event), std::move(handler));
}

void Socket::on(std::string event, EventHandler handler) {
    set_handler(std::move(event), std::move(handler));
}

void Socket::on_binary(std::string event, BinaryEventHandler handler) {
    set_handler(std::move(event), std::move(handler));
}

void Socket::on_other(OtherEventHandler handler) {
    other_handler_ = std::move(handler);
}

void Socket::on_disconnect(std::function<void(const std::string& reason)> handler) {
    on_disconnect_.push_back(std::move(handler));
}

void check_event_name(std::string_view event) {
    if (is_reserved_event(event)) {
        // The client's parser would close the connection on it (§2.2), as Node's emit refuses it.
        throw std::invalid_argument(std::string(event) + " is a reserved event name");
    }
}

void Socket::emit(std::string_view event, json::array args, Buffers buffers) {
    check_event_name(event);
    if (nsp_.recovery_.enabled) {
        // Through the namespace so the packet gets an offset and is kept for a reconnect, as
        // socket.io 4.8 does (Socket.emit → adapter.broadcast to the socket's own room).
        nsp_.broadcast(event_data(event, std::move(args)), std::move(buffers), {id_}, {});
        return;
    }
    asio::dispatch(
        strand(),
        [self = shared_from_this(), packet = event_packet(event, std::move(args), std::move(buffers))]() mutable {
            self->send_packet(std::move(packet));
        }
    );
}

void Socket::emit_with_ack(
    std::string_view event, json::array args, std::chrono::milliseconds timeout, AckCallback callback, Buffers buffers
) {
    check_event_name(event);
    asio::dispatch(
        strand(),
        [self = shared_from_this(),
         packet = event_packet(event, std::move(args), std::move(buffers)),
         timeout,
         callback = std::move(callback)]() mutable {
            if (!self->connected_) {
                callback(AckResponse{.timed_out = true});
                return;
            }
            const uint64_t id = self->next_ack_id_++;
            auto timer = std::make_unique<asio::steady_timer>(self->strand(), timeout);
            timer->async_wait([weak = std::weak_ptr<Socket>(self), id](boost::system::error_code ec) {
                auto socket = weak.lock();
                if (ec || !socket) {
                    return;
                }
                auto it = socket->acks_.find(id);
                if (it != socket->acks_.end()) {
                    auto cb = std::move(it->second.callback);
                    socket->acks_.erase(it);
                    cb(AckResponse{.timed_out = true});
                }
            });
            self->acks_.emplace(id, PendingAck{std::move(callback), std::move(timer)});
            packet.id = id;
            self->send_packet(std::move(packet));
        }
    );
}

void Socket::join(const std::string& room) {
    nsp_.join(*this, room);
}
void Socket::leave(const std::string& room) {
    nsp_.leave(*this, room);
}
std::vector<std::string> Socket::rooms() const {
    return nsp_.rooms_of(*this);
}

BroadcastOperator Socket::to(std::string room) const {
    return BroadcastOperator(nsp_).to(std::move(room)).except(id_);
}

void Socket::disconnect(bool close_connection) {
    asio::dispatch(strand(), [self = shared_from_this(), close_connection] {
        if (!self->connected_) {
            return;
        }
        if (close_connection) {
            auto client = self->client_;
            client->disconnect_all();
            return;
        }
        self->client_->remove(self->nsp_name());
        self->server_disconnect();
    });
}

void Socket::server_disconnect() {
    Packet packet;
    packet.type = PacketType::kDisconnect;
    send_packet(std::move(packet));
    on_close("server namespace disconnect");
}

void Socket::send_packet(Packet packet) {
    if (!connected_) {
        return;
    }
    packet.nsp = nsp_name();
    if (packet.buffers.empty()) {
        session_->send(engineio::make_message(std::make_shared<const std::string>(encode(packet)), false));
        return;
    }
    session_->send(to_engineio(packet));
}

void Socket::send_frames(const std::vector<engineio::Packet>& frames) {
    if (connected_) {
        session_->send(frames);
    }
}

void Socket::on_event(Packet packet) {
    json::array& data = packet.data->as_array();
    const json::value& name = data.front();
    std::string serialized_name;
    if (!name.is_string()) {
        serialized_name = json::serialize(name);
    }
    const std::string_view event = name.is_string() ? std::string_view(name.get_string()) : serialized_name;
    const auto it =
        std::find_if(handlers_.begin(), handlers_.end(), [&](const auto& entry) { return entry.first == event; });
    if (it == handlers_.end() && !other_handler_) {
        return;
    }
    std::optional<Ack> ack;
    if (packet.id) {
        ack = Ack(weak_from_this(), *packet.id);
    }
    // The packet is ours: the name leaves the array and the arguments stay where the decoder put
    // them, instead of being copied value by value for every event.
    if (it == handlers_.end()) {
        std::string event_name(event);  // `event` may point into the element erased next
        data.erase(data.begin());
        other_handler_(event_name, data, std::move(ack));
        return;
    }
    data.erase(data.begin());
    if (const auto* plain = std::get_if<EventHandler>(&it->second)) {
        (*plain)(data, std::move(ack));
    } else {
        std::get<BinaryEventHandler>(it->second)(data, packet.buffers, std::move(ack));
    }
}

void Socket::on_ack(Packet packet) {
    const auto it = acks_.find(*packet.id);
    if (it == acks_.end()) {
        return;
    }
    auto callback = std::move(it->second.callback);
    acks_.erase(it);
    callback(AckResponse{
        .timed_out = false, .args = std::move(packet.data->as_array()), .buffers = std::move(packet.buffers)});
}

void Socket::on_close(const std::string& reason) {
    if (!connected_.exchange(false)) {
        return;
    }
    nsp_.remove(*this, reason);
    auto acks = std::move(acks_);
    acks_.clear();
    for (auto& [id, pending] : acks) {
        pending.callback(AckResponse{.timed_out = true});
    }
    auto handlers = std::move(on_disconnect_);
    on_disconnect_.clear();
    handlers_.clear();
    other_handler_ = nullptr;
    for (const auto& handler : handlers) {
        handler(reason);
    }
    client_.reset();
}

}  // namespace chatter::socketio
