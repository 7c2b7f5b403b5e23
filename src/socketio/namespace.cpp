#include "socketio/namespace.hpp"

#include <algorithm>
#include <mutex>

namespace chatter::socketio {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

// socket.io 4.8 RECOVERABLE_DISCONNECT_REASONS: only losses the client did not ask for.
bool recoverable(const std::string& reason) {
    return reason == "transport error" || reason == "transport close" || reason == "forced close" ||
           reason == "ping timeout" || reason == "server shutting down" || reason == "forced server close";
}

bool should_include(
    const std::vector<std::string>& socket_rooms,
    const std::set<std::string>& rooms,
    const std::set<std::string>& except
) {
    const bool included =
        rooms.empty() || std::any_of(socket_rooms.begin(), socket_rooms.end(), [&](const std::string& room) {
            return rooms.contains(room);
        });
    const bool excluded = std::any_of(socket_rooms.begin(), socket_rooms.end(), [&](const std::string& room) {
        return except.contains(room);
    });
    return included && !excluded;
}

}  // namespace

BroadcastOperator BroadcastOperator::to(std::string room) && {
    rooms_.insert(std::move(room));
    return std::move(*this);
}

BroadcastOperator BroadcastOperator::except(std::string room) && {
    except_.insert(std::move(room));
    return std::move(*this);
}

void BroadcastOperator::emit(std::string_view event, json::array args, Buffers buffers) const {
    check_event_name(event);
    nsp_->broadcast(event_data(event, std::move(args)), std::move(buffers), rooms_, except_);
}

std::vector<std::shared_ptr<Socket>> BroadcastOperator::sockets() const {
    std::shared_lock lock(nsp_->mutex_);
    return nsp_->targets_locked(rooms_, except_);
}

void BroadcastOperator::disconnect_sockets(bool close_connection) const {
    for (const auto& socket : sockets()) {
        socket->disconnect(close_connection);
    }
}

Namespace::Namespace(std::string name, RecoveryOptions recovery) : name_(std::move(name)), recovery_(recovery) {}

void Namespace::use(Middleware middleware) {
    middlewares_.push_back(std::move(middleware));
}

void Namespace::on_connection(ConnectionHandler handler) {
    on_connection_ = std::move(handler);
}

void Namespace::emit(std::string_view event, json::array args, Buffers buffers) {
    BroadcastOperator(*this).emit(event, std::move(args), std::move(buffers));
}

size_t Namespace::socket_count() const {
    std::shared_lock lock(mutex_);
    return sockets_.size();
}

std::shared_ptr<Socket> Namespace::socket(const std::string& id) const {
    std::shared_lock lock(mutex_);
    const auto it = sockets_.find(id);
    return it == sockets_.end() ? nullptr : it->second;
}

Socket* Namespace::own_room_member_locked(const std::string& room) const {
    const auto it = sockets_.find(room);
    return it != sockets_.end() && it->second->in_own_room_ ? it->second.get() : nullptr;
}

std::vector<std::shared_ptr<Socket>> Namespace::targets_locked(
    const std::set<std::string>& rooms, const std::set<std::string>& except
) const {
    std::unordered_set<Socket*> excluded;
    for (const auto& room : except) {
        if (const auto it = rooms_.find(room); it != rooms_.end()) {
            it->second.for_each([&excluded](Socket* socket) { excluded.insert(socket); });
        }
        if (Socket* own = own_room_member_locked(room)) {
            excluded.insert(own);
        }
    }
    std::vector<std::shared_ptr<Socket>> targets;
    if (rooms.empty()) {
        targets.reserve(sockets_.size());
        for (const auto& [id, socket] : sockets_) {
            if (!excluded.contains(socket.get())) {
                targets.push_back(socket);
            }
        }
        return targets;
    }
    // A socket in several of the rooms gets the packet once; with one room (the usual case) no
    // socket can repeat, so no set of those seen is built per recipient.
    const bool may_repeat = rooms.size() > 1;
    std::unordered_set<Socket*> seen;
    const auto add = [&](Socket* socket) {
        if (!excluded.contains(socket) && (!may_repeat || seen.insert(socket).second)) {
            targets.push_back(socket->shared_from_this());
        }
    };
    for (const auto& room : rooms) {
        if (const auto it = rooms_.find(room); it != rooms_.end()) {
            targets.reserve(targets.size() + it->second.size());
            it->second.for_each(add);
        }
        if (Socket* own = own_room_member_locked(room)) {
            add(own);
        }
    }
    return targets;
}

void Namespace::broadcast(
    json::array data, Buffers buffers, const std::set<std::string>& rooms, const std::set<std::string>& except
) {
    std::vector<std::shared_ptr<Socket>> targets;
    Packet packet;
    packet.type = PacketType::kEvent;
    packet.nsp = name_;
    if (recovery_.enabled) {
        // The offset rides as the last argument (socket.io 4.8 SessionAwareAdapter); storing the
        // packet and choosing its recipients happen under one lock with Namespace::add, so a
        // reconnecting socket gets each packet exactly once, either as missed or live.
        std::unique_lock lock(mutex_);
        const auto now = Clock::now();
        prune_locked(now);
        std::string offset = std::to_string(next_offset_++);
        offset.insert(offset.begin(), 'o');
        data.emplace_back(offset);
        packets_.push_back(StoredPacket{std::move(offset), rooms, except, data, buffers, now});
        targets = targets_locked(rooms, except);
    } else {
        std::shared_lock lock(mutex_);
        targets = targets_locked(rooms, except);
    }
    if (targets.empty()) {
        return;
    }
    packet.data = std::move(data);
    packet.buffers = std::move(buffers);
    // Encoded once, shared (not copied) by every recipient.
    const auto frames = std::make_shared<const std::vector<engineio::Packet>>(to_engineio(packet));
    for (const auto& socket : targets) {
        socket->session_->send_shared(frames);
    }
}

void Namespace::join(Socket& socket, const std::string& room) {
    std::unique_lock lock(mutex_);
    if (!sockets_.contains(socket.id()) && !socket_rooms_.contains(&socket)) {
        return;
    }
    if (room == socket.id()) {
        socket.in_own_room_ = true;
        return;
    }
    rooms_[room].insert(&socket);
    socket_rooms_[&socket].insert(room);
}

void Namespace::leave(Socket& socket, const std::string& room) {
    std::unique_lock lock(mutex_);
    if (room == socket.id()) {
        socket.in_own_room_ = false;
        return;
    }
    if (auto it = rooms_.find(room); it != rooms_.end()) {
        it->second.erase(&socket);
        if (it->second.empty()) {
            rooms_.erase(it);
        }
    }
    if (auto it = socket_rooms_.find(&socket); it != socket_rooms_.end()) {
        it->second.erase(room);
        if (it->second.empty()) {
            socket_rooms_.erase(it);
        }
    }
}

std::vector<std::string> Namespace::rooms_of_locked(const Socket& socket) const {
    std::vector<std::string> rooms;
    if (socket.in_own_room_) {
        rooms.push_back(socket.id());
    }
    if (const auto it = socket_rooms_.find(&socket); it != socket_rooms_.end()) {
        rooms.insert(rooms.end(), it->second.begin(), it->second.end());
    }
    return rooms;
}

std::vector<std::string> Namespace::rooms_of(const Socket& socket) const {
    std::shared_lock lock(mutex_);
    return rooms_of_locked(socket);
}

bool Namespace::can_restore(const json::object& auth) const {
    if (!recovery_.enabled) {
        return false;
    }
    const auto* pid = auth.if_contains("pid");
    const auto* offset = auth.if_contains("offset");
    if (!pid || !offset || !pid->is_string() || !offset->is_string()) {
        return false;
    }
    std::shared_lock lock(mutex_);
    const auto it = sessions_.find(std::string(pid->get_string()));
    return it != sessions_.end() && it->second.disconnected + recovery_.max_disconnection_duration >= Clock::now();
}

std::vector<Packet> Namespace::add(const std::shared_ptr<Socket>& socket, const json::object& auth) {
    std::vector<Packet> missed;
    std::unique_lock lock(mutex_);
    std::vector<std::string> rooms;
    if (recovery_.enabled) {
        prune_locked(Clock::now());
        const auto* pid = auth.if_contains("pid");
        const auto* offset = auth.if_contains("offset");
        if (pid && offset && pid->is_string() && offset->is_string()) {
            const auto session = sessions_.find(std::string(pid->get_string()));
            const auto from = std::find_if(packets_.begin(), packets_.end(), [&](const StoredPacket& stored) {
                return stored.offset == offset->get_string();
            });
            if (session != sessions_.end() && from != packets_.end()) {
                socket->id_ = session->second.sid;
                socket->pid_ = session->first;
                // Middleware that ran for this CONNECT (skip_middlewares off) set fresh data; it wins
                // over the stored copy, as in Node where middleware runs after the restore.
                if (!socket->data.has_value()) {
                    socket->data = std::move(session->second.data);
                }
                socket->recovered_ = true;
                rooms = std::move(session->second.rooms);
                for (auto it = std::next(from); it != packets_.end(); ++it) {
                    if (should_include(rooms, it->rooms, it->except)) {
                        Packet packet;
                        packet.type = PacketType::kEvent;
                        packet.nsp = name_;
                        packet.data = it->data;
                        packet.buffers = it->buffers;
                        missed.push_back(std::move(packet));
                    }
                }
                sessions_.erase(session);
            }
        }
    }
    sockets_[socket->id_] = socket;
    // Its own-id room is implicit (Socket::in_own_room_); a recovered socket was in it unless the
    // stored rooms say otherwise.
    socket->in_own_room_ = !socket->recovered_ || std::find(rooms.begin(), rooms.end(), socket->id_) != rooms.end();
    for (const auto& room : rooms) {
        if (room != socket->id_) {
            rooms_[room].insert(socket.get());
            socket_rooms_[socket.get()].insert(room);
        }
    }
    socket->connected_ = true;
    return missed;
}

void Namespace::remove(Socket& socket, const std::string& reason) {
    std::unique_lock lock(mutex_);
    std::vector<std::string> rooms = rooms_of_locked(socket);
    socket_rooms_.erase(&socket);
    for (const auto& room : rooms) {
        if (auto it = rooms_.find(room); it != rooms_.end()) {
            it->second.erase(&socket);
            if (it->second.empty()) {
                rooms_.erase(it);
            }
        }
    }
    sockets_.erase(socket.id());
    if (recovery_.enabled && !socket.pid_.empty() && recoverable(reason)) {
        sessions_[socket.pid_] = Session{socket.id(), std::move(rooms), socket.data, Clock::now()};
    }
}

void Namespace::prune_locked(Clock::time_point now) {
    const auto threshold = now - recovery_.max_disconnection_duration;
    while (!packets_.empty() && packets_.front().emitted < threshold) {
        packets_.pop_front();
    }
    // Sessions are scanned at most once a second: broadcasts must not pay for every disconnect.
    if (now - last_session_prune_ >= std::chrono::seconds(1)) {
        last_session_prune_ = now;
        std::erase_if(sessions_, [&](const auto& entry) { return entry.second.disconnected < threshold; });
    }
}

}  // namespace chatter::socketio
