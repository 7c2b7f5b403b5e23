#include "cluster/redis_directory.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <future>

namespace chatter::cluster {

namespace {

// ARGV: node id, scope, member. 1 when the member was on no node before.
constexpr std::string_view kEnter = R"lua(
local entry = ARGV[2] .. '\n' .. ARGV[3]
if redis.call('SADD', 'chatter:node:' .. ARGV[1] .. ':members', entry) == 0 then return 0 end
if redis.call('HINCRBY', 'chatter:presence:' .. ARGV[2], ARGV[3], 1) == 1 then return 1 end
return 0
)lua";

// ARGV: node id, scope, member. 1 when the member is now on no node.
constexpr std::string_view kLeave = R"lua(
local entry = ARGV[2] .. '\n' .. ARGV[3]
if redis.call('SREM', 'chatter:node:' .. ARGV[1] .. ':members', entry) == 0 then return 0 end
if redis.call('HINCRBY', 'chatter:presence:' .. ARGV[2], ARGV[3], -1) <= 0 then
  redis.call('HDEL', 'chatter:presence:' .. ARGV[2], ARGV[3])
  return 1
end
return 0
)lua";

// ARGV: node id. 1 when the node was not registered (first start, Redis restarted, or reaped).
constexpr std::string_view kHeartbeat = R"lua(
local t = redis.call('TIME')
return redis.call('ZADD', 'chatter:nodes', t[1] * 1000 + math.floor(t[2] / 1000), ARGV[1])
)lua";

// Shared by the scripts below: an entry leaves its scope's count; true when no node holds it now.
constexpr std::string_view kPrelude = R"lua(
local function decrement(entry)
  local nl = string.find(entry, '\n', 1, true)
  local hash = 'chatter:presence:' .. string.sub(entry, 1, nl - 1)
  local member = string.sub(entry, nl + 1)
  if redis.call('HINCRBY', hash, member, -1) <= 0 then
    redis.call('HDEL', hash, member)
    return true
  end
  return false
end
)lua";

// ARGV: node id, then every "<scope>\n<member>" the node holds. Makes Redis agree; returns
// {'+', entry, '-', entry, ...} for members that came or went cluster-wide.
constexpr std::string_view kSync = R"lua(
local key = 'chatter:node:' .. ARGV[1] .. ':members'
local want = {}
for i = 2, #ARGV do want[ARGV[i]] = true end
local out = {}
for _, entry in ipairs(redis.call('SMEMBERS', key)) do
  if want[entry] then
    want[entry] = nil
  else
    redis.call('SREM', key, entry)
    if decrement(entry) then table.insert(out, '-'); table.insert(out, entry) end
  end
end
for entry, _ in pairs(want) do
  redis.call('SADD', key, entry)
  local nl = string.find(entry, '\n', 1, true)
  if redis.call('HINCRBY', 'chatter:presence:' .. string.sub(entry, 1, nl - 1), string.sub(entry, nl + 1), 1) == 1 then
    table.insert(out, '+'); table.insert(out, entry)
  end
end
return out
)lua";

// ARGV: ttl ms, and optionally one node id to remove now (a graceful stop). Removes every node
// whose heartbeat is older than ttl; returns {'!', node, '-', entry, ...}.
constexpr std::string_view kReap = R"lua(
local dead
if ARGV[2] then
  dead = {}
  if redis.call('ZSCORE', 'chatter:nodes', ARGV[2]) then dead = {ARGV[2]} end
else
  local t = redis.call('TIME')
  local now = t[1] * 1000 + math.floor(t[2] / 1000)
  dead = redis.call('ZRANGEBYSCORE', 'chatter:nodes', '-inf', now - tonumber(ARGV[1]))
end
local out = {}
for _, node in ipairs(dead) do
  redis.call('ZREM', 'chatter:nodes', node)
  table.insert(out, '!'); table.insert(out, node)
  local key = 'chatter:node:' .. node .. ':members'
  for _, entry in ipairs(redis.call('SMEMBERS', key)) do
    if decrement(entry) then table.insert(out, '-'); table.insert(out, entry) end
  end
  redis.call('DEL', key)
end
return out
)lua";

/// A script with the shared helpers in front.
std::string with_prelude(std::string_view script) {
    return std::string(kPrelude).append(script);
}

std::string entry_of(const std::string& scope, const std::string& member) {
    return scope + '\n' + member;
}

std::string hash_of(const std::string& scope) {
    return "chatter:presence:" + scope;
}

}  // namespace

RedisDirectory::RedisDirectory(pubsub::RedisClient& redis, std::string node_id, DirectoryOptions options)
    : redis_(redis),
      node_id_(std::move(node_id)),
      node_key_("chatter:node:" + node_id_ + ":members"),
      options_(options) {}

RedisDirectory::~RedisDirectory() {
    stop();
}

void RedisDirectory::watch(const std::string& prefix, Watcher watcher) {
    watchers_.emplace_back(prefix, std::move(watcher));
}

void RedisDirectory::on_node_gone(NodeGone hook) {
    node_gone_.push_back(std::move(hook));
}

void RedisDirectory::start() {
    thread_ = std::thread([this] { run(); });
}

void RedisDirectory::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void RedisDirectory::queue(Job job) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || retired_) {
            return;
        }
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
}

void RedisDirectory::enter(const std::string& scope, const std::string& member, Done done) {
    queue(Job{Job::Kind::kEnter, scope, member, std::move(done)});
}

void RedisDirectory::leave(const std::string& scope, const std::string& member, Done done) {
    queue(Job{Job::Kind::kLeave, scope, member, std::move(done)});
}

void RedisDirectory::retire() {
    auto finished = std::make_shared<std::promise<void>>();
    auto future = finished->get_future();
    queue(Job{Job::Kind::kRetire, {}, {}, [finished](bool) { finished->set_value(); }});
    {
        std::lock_guard lock(mutex_);
        retired_ = true;
    }
    if (future.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
        spdlog::warn("cluster: could not leave the cluster cleanly; other nodes will reap this one");
    }
}

std::optional<std::vector<std::string>> RedisDirectory::members(const std::string& scope) {
    const auto reply = redis_.command({"HKEYS", hash_of(scope)});
    if (!reply || reply->type != pubsub::Reply::Type::kArray) {
        return std::nullopt;
    }
    std::vector<std::string> out;
    out.reserve(reply->elements.size());
    for (const auto& element : reply->elements) {
        out.push_back(element.str);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<int64_t> RedisDirectory::count(const std::string& scope) {
    const auto reply = redis_.command({"HLEN", hash_of(scope)});
    if (!reply || reply->type != pubsub::Reply::Type::kInteger) {
        return std::nullopt;
    }
    return reply->integer;
}

std::optional<bool> RedisDirectory::contains(const std::string& scope, const std::string& member) {
    const auto reply = redis_.command({"HEXISTS", hash_of(scope), member});
    if (!reply || reply->type != pubsub::Reply::Type::kInteger) {
        return std::nullopt;
    }
    return reply->integer == 1;
}

void RedisDirectory::run() {
    const auto interval = options_.node_ttl / 3;
    auto next_beat = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (jobs_.empty()) {
            wake_.wait_until(lock, next_beat, [this] { return stopping_ || !jobs_.empty(); });
        }
        if (stopping_) {
            break;
        }
        // The heartbeat first when it is due: a flood of connections must not make this node look dead.
        if (std::chrono::steady_clock::now() >= next_beat) {
            lock.unlock();
            heartbeat();
            next_beat = std::chrono::steady_clock::now() + interval;
            lock.lock();
            continue;
        }
        if (jobs_.empty()) {
            continue;
        }
        Job job = std::move(jobs_.front());
        jobs_.pop_front();
        lock.unlock();
        apply(job);
        lock.lock();
    }
}

void RedisDirectory::apply(Job& job) {
    if (job.kind == Job::Kind::kRetire) {
        const auto reply = redis_.eval(with_prelude(kReap), {}, {"0", node_id_});
        if (reply && !reply->is_error()) {
            report(*reply);
        }
        job.done(true);
        return;
    }
    const bool entering = job.kind == Job::Kind::kEnter;
    const std::string entry = entry_of(job.scope, job.member);
    if (entering) {
        mine_.insert(entry);
    } else {
        mine_.erase(entry);
    }
    const auto reply = redis_.eval(entering ? kEnter : kLeave, {}, {node_id_, job.scope, job.member});
    if (!reply || reply->type != pubsub::Reply::Type::kInteger) {
        dirty_ = true;
        job.done(true);
        return;
    }
    job.done(reply->integer == 1);
}

void RedisDirectory::heartbeat() {
    const auto beat = redis_.eval(kHeartbeat, {}, {node_id_});
    if (!beat || beat->type != pubsub::Reply::Type::kInteger) {
        dirty_ = true;
        return;
    }
    if (beat->integer == 1 || dirty_) {
        pubsub::Command args{node_id_};
        for (const auto& entry : mine_) {
            args.push_back(entry);
        }
        const auto synced = redis_.eval(with_prelude(kSync), {}, args);
        if (!synced || synced->is_error()) {
            return;
        }
        dirty_ = false;
        if (beat->integer == 1) {
            spdlog::info("cluster: node {} registered with {} presence entries", node_id_, mine_.size());
        }
        report(*synced);
    }
    const std::string ttl = std::to_string(options_.node_ttl.count());
    if (const auto reaped = redis_.eval(with_prelude(kReap), {}, {ttl}); reaped && !reaped->is_error()) {
        report(*reaped);
    }
}

void RedisDirectory::report(const pubsub::Reply& reply) {
    for (size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
        const std::string& tag = reply.elements[i].str;
        const std::string& value = reply.elements[i + 1].str;
        if (tag == "!") {
            spdlog::info("cluster: node {} left the cluster", value);
            for (const auto& hook : node_gone_) {
                hook(value);
            }
            continue;
        }
        const size_t newline = value.find('\n');
        if (newline == std::string::npos) {
            continue;
        }
        const std::string scope = value.substr(0, newline);
        const std::string member = value.substr(newline + 1);
        for (const auto& [prefix, watcher] : watchers_) {
            if (scope.starts_with(prefix)) {
                watcher(scope, member, tag == "+");
            }
        }
    }
}

}  // namespace chatter::cluster
