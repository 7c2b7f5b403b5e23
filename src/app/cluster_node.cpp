#include "app/cluster_node.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "cluster/cluster_relay.hpp"
#include "cluster/redis_directory.hpp"
#include "cluster/redis_rate_limiter.hpp"
#include "cluster/redis_voice_rooms.hpp"
#include "pubsub/envelope.hpp"
#include "pubsub/redis_bus.hpp"
#include "pubsub/redis_client.hpp"

namespace chatter::app {

namespace {

pubsub::RedisAddress redis_address(const Config& config) {
    std::string error;
    auto address = pubsub::parse_redis_url(config.redis_url, error);
    if (!address) {
        throw std::invalid_argument("--redis: " + error);
    }
    return *address;
}

}  // namespace

struct ClusterNode::Parts {
    Parts(const Config& config, EventSink& local, net::WorkerPool& workers)
        : node_id(config.node_id.empty() ? pubsub::generate_node_id() : config.node_id),
          address(redis_address(config)),
          redis(address, "cluster state"),
          bus(address, node_id),
          relay(local, bus, [&workers](std::function<void()> job) { workers.post(std::move(job)); }),
          limiter(redis),
          directory(redis, node_id, cluster::DirectoryOptions{.node_ttl = std::chrono::seconds(config.node_ttl_s)}),
          voice_rooms(redis, node_id) {
        directory.on_node_gone([this](const std::string& gone) { voice_rooms.purge_node(gone); });
    }

    const std::string node_id;
    const pubsub::RedisAddress address;
    pubsub::RedisClient redis;
    pubsub::RedisBus bus;
    cluster::ClusterRelay relay;
    cluster::RedisRateLimiter limiter;
    cluster::RedisDirectory directory;
    cluster::RedisVoiceRooms voice_rooms;
};

ClusterNode::ClusterNode(const Config& config, EventSink& local, net::WorkerPool& workers)
    : parts_(std::make_unique<Parts>(config, local, workers)) {}

ClusterNode::~ClusterNode() {
    leave();
}

const std::string& ClusterNode::node_id() const {
    return parts_->node_id;
}

EventSink& ClusterNode::sink() {
    return parts_->relay;
}

NodeSignals& ClusterNode::signals() {
    return parts_->relay;
}

RateLimiter& ClusterNode::limiter() {
    return parts_->limiter;
}

PresenceDirectory& ClusterNode::directory() {
    return parts_->directory;
}

voice::VoiceRooms& ClusterNode::voice_rooms() {
    return parts_->voice_rooms;
}

void ClusterNode::start() {
    parts_->bus.start();
    parts_->directory.start();
    started_ = true;
    spdlog::info("cluster: node {} using {}", parts_->node_id, parts_->address.text());
}

void ClusterNode::leave() {
    if (left_) {
        return;
    }
    left_ = true;
    if (started_) {
        parts_->directory.retire();
        parts_->bus.drain(std::chrono::seconds(2));
    }
    parts_->directory.stop();
    parts_->bus.stop();
}

}  // namespace chatter::app
