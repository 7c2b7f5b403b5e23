#include "features/presence/presence_service.hpp"

#include <algorithm>

namespace chatter::presence {

PresenceService::PresenceService(EventSink& sink, PresenceDirectory* directory, PresenceAnnouncer::Options batching)
    : directory_(directory), announcer_(sink, batching) {
    if (directory_ != nullptr) {
        // Another node went away with its users, or Redis lost this node's and got them back.
        directory_->watch(kScope, [this](const std::string&, const std::string& username, bool present) {
            announce(username, present);
        });
    }
}

void PresenceService::announce(const std::string& username, bool online) {
    announcer_.changed(username, online);
}

void PresenceService::connected(const std::string& username) {
    bool first = false;
    {
        std::lock_guard lock(mutex_);
        first = ++connections_[username] == 1;
    }
    if (first && announcing_) {
        node_changed(username, true);
    }
}

void PresenceService::disconnected(const std::string& username) {
    bool last = false;
    {
        std::lock_guard lock(mutex_);
        auto it = connections_.find(username);
        if (it == connections_.end()) {
            return;
        }
        if (--it->second <= 0) {
            connections_.erase(it);
            last = true;
        }
    }
    if (last && announcing_) {
        node_changed(username, false);
    }
}

void PresenceService::node_changed(const std::string& username, bool online) {
    if (directory_ == nullptr) {
        announce(username, online);
        return;
    }
    auto done = [this, username, online](bool changed) {
        if (changed && announcing_) {
            announce(username, online);
        }
    };
    if (online) {
        directory_->enter(kScope, username, std::move(done));
    } else {
        directory_->leave(kScope, username, std::move(done));
    }
}

bool PresenceService::is_online(const std::string& username) const {
    if (directory_ != nullptr) {
        if (const auto online = directory_->contains(kScope, username)) {
            return *online;
        }
    }
    std::lock_guard lock(mutex_);
    return connections_.count(username) > 0;
}

int64_t PresenceService::online_count() const {
    if (directory_ != nullptr) {
        if (const auto count = directory_->count(kScope)) {
            return *count;
        }
    }
    std::lock_guard lock(mutex_);
    return static_cast<int64_t>(connections_.size());
}

std::vector<std::string> PresenceService::online_users() const {
    if (directory_ != nullptr) {
        if (auto users = directory_->members(kScope)) {
            return std::move(*users);
        }
    }
    return local_users();
}

std::vector<std::string> PresenceService::local_users() const {
    std::vector<std::string> out;
    {
        std::lock_guard lock(mutex_);
        out.reserve(connections_.size());
        for (const auto& [name, count] : connections_) {
            out.push_back(name);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace chatter::presence
