#pragma once
// Work that must happen on every node of a cluster, not only on the one where it was caused:
// each node holds its own connections and caches (address bans, who has a stream open). On a
// single node a signal runs its handler there and then; in cluster mode cluster::ClusterRelay
// also runs it on every other node.

#include <boost/json/value.hpp>

#include <functional>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace chatter {

class NodeSignals {
  public:
    /// On the node that raised the signal: on the raising thread. On the others: on a worker
    /// thread of theirs, in the order the raising node raised them. May block on storage.
    using Handler = std::function<void(const boost::json::value& data)>;

    virtual ~NodeSignals() = default;

    /// Before serving; one handler per name (std::invalid_argument for a second one).
    virtual void on(const std::string& name, Handler handler) = 0;

    /// Runs the handler of `name` here, then has every other node run it with the same data.
    virtual void raise(const std::string& name, const boost::json::value& data) = 0;
};

/// One node: handlers run at once, on the raising thread.
class LocalNodeSignals : public NodeSignals {
  public:
    void on(const std::string& name, Handler handler) override {
        if (!handlers_.emplace(name, std::move(handler)).second) {
            throw std::invalid_argument("duplicate node signal " + name);
        }
    }

    void raise(const std::string& name, const boost::json::value& data) override { run(name, data); }

    /// Runs the handler of `name`; false when there is none.
    bool run(const std::string& name, const boost::json::value& data) const {
        const auto found = handlers_.find(name);
        if (found == handlers_.end()) {
            return false;
        }
        found->second(data);
        return true;
    }

  private:
    std::unordered_map<std::string, Handler> handlers_;
};

}  // namespace chatter
