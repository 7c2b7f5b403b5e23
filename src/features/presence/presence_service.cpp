#include "features/presence/presence_service.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace chatter::presence {

void PresenceService::connected(const std::string& username) {
    bool first = false;
    {
        std::lock_guard lock(mutex_);
        first = ++connections_[username] == 1;
    }
    if (first && announcing_) {
        sink_.to_all("user_list_refresh", boost::json::object{{"online", username}});
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
        sink_.to_all("user_list_refresh", boost::json::object{{"offline", username}});
    }
}

bool PresenceService::is_online(const std::string& username) const {
    std::lock_guard lock(mutex_);
    return connections_.count(username) > 0;
}

int64_t PresenceService::online_count() const {
    std::lock_guard lock(mutex_);
    return static_cast<int64_t>(connections_.size());
}

std::vector<std::string> PresenceService::online_users() const {
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
