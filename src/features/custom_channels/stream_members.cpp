#include "features/custom_channels/stream_members.hpp"

#include "socketio/socket.hpp"

namespace chatter::custom_channels {

void StreamMembers::prune(Members& members) {
    std::erase_if(members, [](const auto& entry) {
        const auto socket = entry.second.socket.lock();
        return !socket || !socket->connected();
    });
}

void StreamMembers::add(
    int64_t channel_id, const std::shared_ptr<socketio::Socket>& socket, const Principal& principal
) {
    std::lock_guard lock(mutex_);
    auto& members = channels_[channel_id];
    prune(members);
    members[socket->id()] = Member{socket, principal};
}

void StreamMembers::remove(int64_t channel_id, const std::string& socket_id) {
    std::lock_guard lock(mutex_);
    const auto found = channels_.find(channel_id);
    if (found == channels_.end()) {
        return;
    }
    found->second.erase(socket_id);
    prune(found->second);
    if (found->second.empty()) {
        channels_.erase(found);
    }
}

std::vector<std::shared_ptr<socketio::Socket>> StreamMembers::evict(
    int64_t channel_id, const std::function<bool(const Principal&)>& may_stay
) {
    std::vector<std::pair<std::string, Member>> members;
    {
        std::lock_guard lock(mutex_);
        const auto found = channels_.find(channel_id);
        if (found == channels_.end()) {
            return {};
        }
        prune(found->second);
        members.assign(found->second.begin(), found->second.end());
    }
    // may_stay reads storage: asked outside the lock.
    std::vector<std::shared_ptr<socketio::Socket>> evicted;
    for (const auto& [id, member] : members) {
        if (!may_stay(member.principal)) {
            if (auto socket = member.socket.lock()) {
                evicted.push_back(std::move(socket));
            }
            remove(channel_id, id);
        }
    }
    return evicted;
}

}  // namespace chatter::custom_channels
