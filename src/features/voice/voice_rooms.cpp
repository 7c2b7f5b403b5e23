#include "features/voice/voice_rooms.hpp"

#include <algorithm>

namespace chatter::voice {

JoinOutcome LocalVoiceRooms::join(const JoinRequest& request) {
    std::lock_guard lock(mutex_);
    JoinOutcome outcome;
    const auto current = room_of_.find(request.participant.id);
    if (current != room_of_.end() && current->second == request.channel) {
        const Room& room = rooms_.at(request.channel);
        outcome.result = JoinOutcome::Result::kAlreadyIn;
        outcome.room = RoomState{request.channel, room.members, room.participants};
        return outcome;
    }
    const auto existing = rooms_.find(request.channel);
    outcome.started = existing == rooms_.end();
    if (outcome.started && !request.may_start) {
        outcome.result = JoinOutcome::Result::kMayNotStart;
        return outcome;
    }
    if (!outcome.started && existing->second.participants.size() >= request.max_participants) {
        outcome.result = JoinOutcome::Result::kFull;
        return outcome;
    }
    outcome.left = leave_locked(request.participant.id);
    Room& room = rooms_[request.channel];
    room.members = request.members;
    room.participants.push_back(request.participant);
    room_of_[request.participant.id] = request.channel;
    outcome.room = RoomState{request.channel, room.members, room.participants};
    return outcome;
}

std::optional<RoomState> LocalVoiceRooms::leave(const std::string& connection_id) {
    std::lock_guard lock(mutex_);
    return leave_locked(connection_id);
}

std::optional<RoomState> LocalVoiceRooms::leave_locked(const std::string& connection_id) {
    const auto current = room_of_.find(connection_id);
    if (current == room_of_.end()) {
        return std::nullopt;
    }
    const std::string channel = current->second;
    room_of_.erase(current);
    const auto it = rooms_.find(channel);
    auto& participants = it->second.participants;
    std::erase_if(participants, [&](const Participant& p) { return p.id == connection_id; });
    RoomState state{channel, it->second.members, participants};
    if (participants.empty()) {
        rooms_.erase(it);
    }
    return state;
}

std::vector<RoomState> LocalVoiceRooms::drop_user(const std::string& channel, const std::string& username) {
    std::lock_guard lock(mutex_);
    std::vector<RoomState> out;
    const auto it = rooms_.find(channel);
    if (it == rooms_.end()) {
        return out;
    }
    std::vector<std::string> connections;
    for (const auto& participant : it->second.participants) {
        if (participant.username == username) {
            connections.push_back(participant.id);
        }
    }
    for (const auto& id : connections) {
        if (auto state = leave_locked(id)) {
            out.push_back(std::move(*state));
        }
    }
    if (const auto room = rooms_.find(channel); room != rooms_.end() && room->second.members) {
        std::erase(*room->second.members, username);
    }
    return out;
}

std::optional<RoomState> LocalVoiceRooms::clear(const std::string& channel) {
    std::lock_guard lock(mutex_);
    const auto it = rooms_.find(channel);
    if (it == rooms_.end()) {
        return std::nullopt;
    }
    for (const auto& participant : it->second.participants) {
        room_of_.erase(participant.id);
    }
    RoomState state{channel, it->second.members, {}};
    rooms_.erase(it);
    return state;
}

std::optional<RoomState> LocalVoiceRooms::set_muted(const std::string& connection_id, bool muted) {
    std::lock_guard lock(mutex_);
    const auto current = room_of_.find(connection_id);
    if (current == room_of_.end()) {
        return std::nullopt;
    }
    Room& room = rooms_.at(current->second);
    for (auto& participant : room.participants) {
        if (participant.id == connection_id) {
            participant.muted = muted;
        }
    }
    return RoomState{current->second, room.members, room.participants};
}

std::vector<Participant> LocalVoiceRooms::participants(const std::string& channel) {
    std::lock_guard lock(mutex_);
    const auto it = rooms_.find(channel);
    return it == rooms_.end() ? std::vector<Participant>{} : it->second.participants;
}

}  // namespace chatter::voice
