#pragma once
// Who is in which voice room now. A single node keeps it in memory (LocalVoiceRooms); a cluster
// in Redis (cluster::RedisVoiceRooms), so that participants on different nodes share a room and
// a node that dies takes its participants with it. Each call is atomic over what it touches.

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace chatter::voice {

struct Participant {
    std::string id;  // connection id
    std::string username;
    bool muted = false;
};

/// A room after a change: what `voice_participants` tells.
struct RoomState {
    std::string channel;
    std::optional<std::vector<std::string>> members;  // calls: who is told; named channels: everyone
    std::vector<Participant> participants;            // empty: the room is gone
};

struct JoinRequest {
    std::string channel;
    std::optional<std::vector<std::string>> members;
    Participant participant;
    bool may_start = true;  // false: may only join a room that has participants
    size_t max_participants = 0;
};

struct JoinOutcome {
    enum class Result { kJoined, kAlreadyIn, kFull, kMayNotStart };
    Result result = Result::kJoined;
    bool started = false;           // the room had no participants before
    std::optional<RoomState> left;  // the room the connection left for this one
    RoomState room;                 // the room joined (as it is, for kAlreadyIn)
};

class VoiceRooms {
  public:
    using Listener = std::function<void(const RoomState& room)>;

    virtual ~VoiceRooms() = default;

    /// Leaves the connection's previous room first. Refusals (kFull, kMayNotStart) change nothing.
    virtual JoinOutcome join(const JoinRequest& request) = 0;
    /// nullopt when the connection was in no room.
    virtual std::optional<RoomState> leave(const std::string& connection_id) = 0;
    /// Every connection of `username` leaves `channel` (one state per connection, announced to the
    /// members as they were, `username` included); then `username` is no longer a member.
    virtual std::vector<RoomState> drop_user(const std::string& channel, const std::string& username) = 0;
    /// Empties the room of a deleted channel; nullopt when it had no participants.
    virtual std::optional<RoomState> clear(const std::string& channel) = 0;
    /// nullopt when the connection is in no room.
    virtual std::optional<RoomState> set_muted(const std::string& connection_id, bool muted) = 0;
    virtual std::vector<Participant> participants(const std::string& channel) = 0;
    /// True when calls wait on the network: then clean-up after a disconnect must leave the
    /// network thread first.
    virtual bool blocking() const = 0;
    /// Before serving: rooms that change without a call here (a cluster node went away with its
    /// participants) are reported to `listener`, on a thread of the rooms' own.
    virtual void on_external_change(const Listener& /*listener*/) {}
};

class LocalVoiceRooms final : public VoiceRooms {
  public:
    JoinOutcome join(const JoinRequest& request) override;
    std::optional<RoomState> leave(const std::string& connection_id) override;
    std::vector<RoomState> drop_user(const std::string& channel, const std::string& username) override;
    std::optional<RoomState> clear(const std::string& channel) override;
    std::optional<RoomState> set_muted(const std::string& connection_id, bool muted) override;
    std::vector<Participant> participants(const std::string& channel) override;
    bool blocking() const override { return false; }

  private:
    struct Room {
        std::optional<std::vector<std::string>> members;
        std::vector<Participant> participants;
    };

    std::optional<RoomState> leave_locked(const std::string& connection_id);

    std::mutex mutex_;
    std::map<std::string, Room> rooms_;  // only rooms with participants
    std::unordered_map<std::string, std::string> room_of_;
};

}  // namespace chatter::voice
