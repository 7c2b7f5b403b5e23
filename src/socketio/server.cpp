#include "socketio/server.hpp"

#include <mutex>

#include "socketio/client.hpp"

namespace chatter::socketio {

Server::Server(ServerOptions options, engineio::Server::ExecutorSource executors)
    : options_(std::move(options)), engine_(options_.engine, std::move(executors)) {
    engine_.on_connection([this](const std::shared_ptr<engineio::Session>& session) {
        std::make_shared<Client>(*this, session)->start();
    });
    of("/");
}

Namespace& Server::of(const std::string& name, std::optional<RecoveryOptions> recovery) {
    std::unique_lock lock(mutex_);
    auto& nsp = namespaces_[name];
    if (!nsp) {
        nsp = std::make_unique<Namespace>(name, recovery.value_or(options_.recovery));
    }
    return *nsp;
}

Namespace* Server::find(const std::string& name) const {
    std::shared_lock lock(mutex_);
    const auto it = namespaces_.find(name);
    return it == namespaces_.end() ? nullptr : it->second.get();
}

}  // namespace chatter::socketio
