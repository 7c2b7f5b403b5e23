#pragma once
// Voice rooms in Redis, shared by every node (docs/decisions/0007):
//   chatter:voice:room:<channel>   JSON {members?: [username], participants: [{id, username, muted, node}]}
//   chatter:voice:conn:<id>        the channel a connection is in
//   chatter:voice:node:<node>      SET of the connection ids this node holds in voice
// Each call is one Lua script. A participant remembers its node, so when a node goes away
// (RedisDirectory's node-gone hook) purge_node() takes its participants out.
//
// While Redis is away joins fail with 503 voice_unavailable; leaves are remembered and retried
// with the next call that reaches Redis.

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "features/voice/voice_rooms.hpp"
#include "pubsub/redis_client.hpp"

namespace chatter::cluster {

class RedisVoiceRooms final : public voice::VoiceRooms {
  public:
    RedisVoiceRooms(pubsub::RedisClient& redis, std::string node_id) : redis_(redis), node_id_(std::move(node_id)) {}

    voice::JoinOutcome join(const voice::JoinRequest& request) override;
    std::optional<voice::RoomState> leave(const std::string& connection_id) override;
    std::vector<voice::RoomState> drop_user(const std::string& channel, const std::string& username) override;
    std::optional<voice::RoomState> clear(const std::string& channel) override;
    std::optional<voice::RoomState> set_muted(const std::string& connection_id, bool muted) override;
    std::vector<voice::Participant> participants(const std::string& channel) override;
    bool blocking() const override { return true; }
    void on_external_change(const Listener& listener) override;

    /// Takes every participant of `node_id` out and reports the rooms they left to the listener.
    void purge_node(const std::string& node_id);

  private:
    /// Runs a script that answers {channel, room JSON, ...}; throws 503 voice_unavailable when
    /// Redis cannot answer.
    std::vector<voice::RoomState> run(std::string_view script, const pubsub::Command& args);
    std::optional<pubsub::Reply> eval(std::string_view script, const pubsub::Command& args);
    void retry_pending_leaves();

    pubsub::RedisClient& redis_;
    const std::string node_id_;
    Listener listener_;
    std::mutex pending_mutex_;
    std::vector<std::string> pending_leaves_;
};

/// Parses a room as the scripts store it (exposed for tests).
voice::RoomState parse_room(const std::string& channel, std::string_view json);

}  // namespace chatter::cluster
