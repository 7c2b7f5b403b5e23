#include "features/docs/doc_presence.hpp"

#include <algorithm>

#include "socketio/socket.hpp"

namespace chatter::docs {

bool DocPresence::has_user(const Sessions& sessions, const std::string& username) {
    return std::any_of(sessions.begin(), sessions.end(), [&](const auto& entry) {
        return entry.second.username == username;
    });
}

bool DocPresence::add(
    int64_t doc_id, const std::shared_ptr<socketio::Socket>& socket, const std::string& username, int64_t revision
) {
    std::lock_guard lock(mutex_);
    auto& sessions = docs_[doc_id];
    const bool first = !has_user(sessions, username);
    sessions[socket->id()] = Session{socket, username, revision};
    return first;
}

std::optional<std::string> DocPresence::remove(int64_t doc_id, const std::string& socket_id) {
    std::lock_guard lock(mutex_);
    auto doc = docs_.find(doc_id);
    if (doc == docs_.end()) {
        return std::nullopt;
    }
    auto it = doc->second.find(socket_id);
    if (it == doc->second.end()) {
        return std::nullopt;
    }
    const auto username = it->second.username;
    doc->second.erase(it);
    if (has_user(doc->second, username)) {
        return std::nullopt;
    }
    if (doc->second.empty()) {
        docs_.erase(doc);
    }
    return username;
}

std::vector<DocPresence::Departure> DocPresence::remove_socket(const std::string& socket_id) {
    std::lock_guard lock(mutex_);
    std::vector<Departure> out;
    for (auto doc = docs_.begin(); doc != docs_.end();) {
        auto it = doc->second.find(socket_id);
        if (it == doc->second.end()) {
            ++doc;
            continue;
        }
        auto username = std::move(it->second.username);
        doc->second.erase(it);
        if (!has_user(doc->second, username)) {
            out.push_back(Departure{doc->first, std::move(username)});
        }
        doc = doc->second.empty() ? docs_.erase(doc) : std::next(doc);
    }
    return out;
}

std::vector<std::shared_ptr<socketio::Socket>> DocPresence::drop(
    int64_t doc_id, const std::string& username, std::vector<std::string>* departed
) {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<socketio::Socket>> out;
    auto doc = docs_.find(doc_id);
    if (doc == docs_.end()) {
        return out;
    }
    for (auto it = doc->second.begin(); it != doc->second.end();) {
        if (username.empty() || it->second.username == username) {
            if (departed != nullptr &&
                std::find(departed->begin(), departed->end(), it->second.username) == departed->end()) {
                departed->push_back(it->second.username);
            }
            if (auto socket = it->second.socket.lock()) {
                out.push_back(std::move(socket));
            }
            it = doc->second.erase(it);
        } else {
            ++it;
        }
    }
    if (doc->second.empty()) {
        docs_.erase(doc);
    }
    return out;
}

std::vector<std::string> DocPresence::users(int64_t doc_id, std::vector<std::string>& pruned) {
    std::lock_guard lock(mutex_);
    std::vector<std::string> names;
    auto doc = docs_.find(doc_id);
    if (doc == docs_.end()) {
        return names;
    }
    std::vector<std::string> dead;
    for (auto it = doc->second.begin(); it != doc->second.end();) {
        auto socket = it->second.socket.lock();
        if (!socket || !socket->connected()) {
            dead.push_back(it->second.username);
            it = doc->second.erase(it);
        } else {
            names.push_back(it->second.username);
            ++it;
        }
    }
    for (const auto& name : dead) {
        if (!has_user(doc->second, name) && std::find(pruned.begin(), pruned.end(), name) == pruned.end()) {
            pruned.push_back(name);
        }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

std::optional<int64_t> DocPresence::last_sent(int64_t doc_id, const std::string& socket_id) {
    std::lock_guard lock(mutex_);
    auto doc = docs_.find(doc_id);
    if (doc == docs_.end()) {
        return std::nullopt;
    }
    auto it = doc->second.find(socket_id);
    if (it == doc->second.end()) {
        return std::nullopt;
    }
    return it->second.last_sent;
}

void DocPresence::sent_to_all(int64_t doc_id, int64_t revision) {
    std::lock_guard lock(mutex_);
    if (auto doc = docs_.find(doc_id); doc != docs_.end()) {
        for (auto& [id, session] : doc->second) {
            session.last_sent = std::max(session.last_sent, revision);
        }
    }
}

void DocPresence::sent_to(int64_t doc_id, const std::string& socket_id, int64_t revision) {
    std::lock_guard lock(mutex_);
    if (auto doc = docs_.find(doc_id); doc != docs_.end()) {
        if (auto it = doc->second.find(socket_id); it != doc->second.end()) {
            it->second.last_sent = std::max(it->second.last_sent, revision);
        }
    }
}

}  // namespace chatter::docs
