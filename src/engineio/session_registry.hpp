#pragma once
// The sid table shared by the Engine.IO server and its sessions. Looked up once per request under
// a shared lock (architecture §4: no global lock per message).

#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "engineio/options.hpp"

namespace chatter::engineio {

class Session;

class SessionRegistry {
  public:
    explicit SessionRegistry(Options options) : options_(std::move(options)) {}

    const Options& options() const { return options_; }

    std::shared_ptr<Session> find(const std::string& sid) const {
        std::shared_lock lock(mutex_);
        const auto it = sessions_.find(sid);
        return it == sessions_.end() ? nullptr : it->second;
    }

    void add(const std::string& sid, std::shared_ptr<Session> session) {
        std::unique_lock lock(mutex_);
        sessions_.emplace(sid, std::move(session));
    }

    void remove(const std::string& sid) {
        std::unique_lock lock(mutex_);
        sessions_.erase(sid);
    }

    std::vector<std::shared_ptr<Session>> all() const {
        std::shared_lock lock(mutex_);
        std::vector<std::shared_ptr<Session>> out;
        out.reserve(sessions_.size());
        for (const auto& [sid, session] : sessions_) {
            out.push_back(session);
        }
        return out;
    }

    /// Forgets every session (server destruction): sessions hold the registry, so this breaks the cycle.
    void clear() {
        std::unique_lock lock(mutex_);
        sessions_.clear();
    }

    size_t size() const {
        std::shared_lock lock(mutex_);
        return sessions_.size();
    }

  private:
    const Options options_;
    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<Session>> sessions_;
};

}  // namespace chatter::engineio
