#pragma once
// Who is present in a scope ("online", "doc:3") across every node of a cluster. Each node counts
// its own connections and tells the directory only when a member arrives on it (its first
// connection there) or leaves it (its last); the directory says whether that changed the
// cluster-wide answer, so a change is announced once however many nodes a user is on.
// Implemented over Redis by cluster::RedisDirectory; a single node needs none (features count
// locally when they are given no directory).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace chatter {

class PresenceDirectory {
  public:
    /// `changed`: the member is now present on some node where it was on none (or the reverse).
    using Done = std::function<void(bool changed)>;
    /// Changes the directory found by itself: a node that stopped heart-beating took its members
    /// with it, or this node's members were put back after Redis lost them.
    using Watcher = std::function<void(const std::string& scope, const std::string& member, bool present)>;

    virtual ~PresenceDirectory() = default;

    /// Any thread; never blocks. `done` runs later on the directory's thread, in call order.
    virtual void enter(const std::string& scope, const std::string& member, Done done) = 0;
    virtual void leave(const std::string& scope, const std::string& member, Done done) = 0;

    /// Members of `scope` on any node, sorted; nullopt while the directory cannot be reached.
    /// Blocks on the network: worker threads only.
    virtual std::optional<std::vector<std::string>> members(const std::string& scope) = 0;
    virtual std::optional<int64_t> count(const std::string& scope) = 0;
    virtual std::optional<bool> contains(const std::string& scope, const std::string& member) = 0;

    /// Before serving: changes found for scopes that start with `prefix`.
    virtual void watch(const std::string& prefix, Watcher watcher) = 0;
};

}  // namespace chatter
