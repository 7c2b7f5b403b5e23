#pragma once
// PresenceDirectory over Redis, and the liveness of nodes. Layout (docs/decisions/0007):
//   chatter:nodes                  ZSET node id -> last heartbeat (ms, Redis's clock)
//   chatter:node:<id>:members      SET of "<scope>\n<member>" this node holds
//   chatter:presence:<scope>       HASH member -> number of nodes holding it
// Every change is one Lua script, so two nodes can never both see themselves as a member's first
// (or last) node. Each node heart-beats every ttl/3; a node silent for `node_ttl` is reaped by
// whichever node notices first (the ZREM in the script makes that exactly one): its members leave
// and the watchers announce it. After Redis restarts (or this node was reaped while paused) the
// heartbeat finds the node unknown and puts its members back.
//
// One thread of its own runs enter/leave (in call order), heartbeats and reaps: network threads
// only queue. While Redis is away every enter/leave reports a change (each node then announces
// its own users' comings and goings, as a single node does) and is put right on reconnection.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/presence_directory.hpp"
#include "pubsub/redis_client.hpp"

namespace chatter::cluster {

struct DirectoryOptions {
    std::chrono::milliseconds node_ttl{15'000};
};

class RedisDirectory final : public PresenceDirectory {
  public:
    /// Runs on the directory thread when a node is declared gone (once in the cluster), for other
    /// per-node state kept in Redis (voice participants).
    using NodeGone = std::function<void(const std::string& node_id)>;

    RedisDirectory(pubsub::RedisClient& redis, std::string node_id, DirectoryOptions options = {});
    ~RedisDirectory() override;

    RedisDirectory(const RedisDirectory&) = delete;
    RedisDirectory& operator=(const RedisDirectory&) = delete;

    void enter(const std::string& scope, const std::string& member, Done done) override;
    void leave(const std::string& scope, const std::string& member, Done done) override;
    std::optional<std::vector<std::string>> members(const std::string& scope) override;
    std::optional<int64_t> count(const std::string& scope) override;
    std::optional<bool> contains(const std::string& scope, const std::string& member) override;
    void watch(const std::string& prefix, Watcher watcher) override;

    /// Before start().
    void on_node_gone(NodeGone hook);

    /// Registers the node and starts heart-beating.
    void start();

    /// Graceful stop: this node leaves the cluster at once (its members leave, watchers and
    /// node-gone hooks run here) instead of after node_ttl. Waits for it (a few seconds at most).
    void retire();

    /// Stops the thread; queued enter/leave calls are dropped.
    void stop();

    const std::string& node_id() const { return node_id_; }

  private:
    struct Job {
        enum class Kind { kEnter, kLeave, kRetire } kind;
        std::string scope;
        std::string member;
        Done done;
    };

    void run();
    void apply(Job& job);
    void heartbeat();
    /// Reports the flat [tag, value, ...] reply of the sync and reap scripts.
    void report(const pubsub::Reply& reply);
    void queue(Job job);

    pubsub::RedisClient& redis_;
    const std::string node_id_;
    const std::string node_key_;
    const DirectoryOptions options_;
    std::vector<std::pair<std::string, Watcher>> watchers_;
    std::vector<NodeGone> node_gone_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> jobs_;
    bool stopping_ = false;
    bool retired_ = false;
    std::thread thread_;

    // Directory thread only.
    std::set<std::string> mine_;  // "<scope>\n<member>" this node holds
    bool dirty_ = true;           // Redis may not hold mine_ (start, after a failure)
};

}  // namespace chatter::cluster
