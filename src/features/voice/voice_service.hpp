#pragma once
// Voice (issue #7): the persistent channels admins define, and who is in which voice room now.
// Media never passes the server: browsers connect peer to peer (WebRTC) and Chatter only relays
// their signalling to one participant at a time.
//
// A room is a named channel, `dm:<a>:<b>` (a DM call; the two usernames sorted) or
// `gdm:<thread id>` (a group call); only the conversation's members may join the last two.
// A participant is one connection (the Socket.IO socket id), so a user with two tabs in a call
// appears twice under the same username; each connection is in at most one room. Rooms are kept
// by VoiceRooms: in this process's memory on a single node (a restart ends every call; clients
// join again), in Redis on a cluster.
//
// Pushes: `voice_participants {channel, participants}` after every change, to everyone for named
// channels (the channel list shows who is talking) and to the members' user rooms for calls;
// `voice_ring {channel, from, kind, ...}` to the other members when a call's first participant
// joins. Targeted signalling goes to the room named after the addressee's connection id (every
// Socket.IO socket is in the room of its own id).

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/event_sink.hpp"
#include "core/principal.hpp"
#include "features/settings/settings_service.hpp"
#include "features/voice/voice_rooms.hpp"
#include "storage/stores.hpp"

namespace chatter::voice {

/// One RTCIceServer as browsers take it.
struct IceServer {
    std::vector<std::string> urls;
    std::string username;    // TURN only; empty for STUN
    std::string credential;  // TURN only
};

/// STUN URLs become one entry without credentials; TURN URLs one entry with the credentials.
std::vector<IceServer> ice_servers_from(
    const std::vector<std::string>& urls, const std::string& turn_username, const std::string& turn_credential
);

/// The sender as the addressee sees it, once relay checks passed.
struct RelayRoute {
    std::string from;  // sender's connection id
    std::string username;
};

inline constexpr size_t kMaxParticipants = 16;  // a full mesh: each peer sends to every other

class VoiceService {
  public:
    VoiceService(
        storage::Backend& backend,
        settings::SettingsService& settings,
        EventSink& sink,
        VoiceRooms& rooms,
        std::vector<IceServer> ice
    )
        : backend_(backend), settings_(settings), sink_(sink), rooms_(rooms), ice_(std::move(ice)) {}

    /// `[{urls, username?, credential?}]` for RTCPeerConnection's iceServers.
    boost::json::array ice_servers_json() const;

    bool enabled();

    /// Any signed-in user. `{channels: [names], details: [{name, participants}]}`. While
    /// VOICE_ENABLED is 0: Error 503 voice_disabled "Voice service unavailable" with `channels: []`.
    boost::json::object list_channels();

    /// Admins only (403). `name`: 1–32 characters of a–z, 0–9, '-', '_' (upper case is folded);
    /// 400 invalid_channel_name, 409 voice_channel_exists. Returns the stored name and tells
    /// everyone `voice_channels_changed`.
    std::string create_channel(const Principal& principal, const std::string& name);

    /// Admins only (403); 404 voice_channel_not_found. Its participants are removed (they get
    /// `voice_participants` without themselves) and everyone gets `voice_channels_changed`.
    void delete_channel(const Principal& principal, const std::string& name);

    struct Joined {
        std::string channel;  // canonical room name
        std::vector<Participant> participants;
    };

    /// Puts the connection into `channel` (leaving its previous room first). Errors: 503
    /// voice_disabled (also dm_disabled / gdm_disabled for calls), 404 voice_channel_not_found,
    /// 403 not_a_member (a call of a conversation one is not part of), 403 dms_not_accepted
    /// (starting a DM call with someone who accepts no DMs), 409 voice_channel_full.
    Joined join(const Principal& principal, const std::string& connection_id, const std::string& channel);

    /// Removes the connection from its room, if any; returns that room. Never blocks on storage,
    /// so it is safe from a socket's disconnect handler unless the rooms are blocking().
    std::optional<std::string> leave(const std::string& connection_id);

    /// Takes `username` out of the call of group `tid` after they left the group: their
    /// connections get `voice_participants` without themselves (which ends the call there), the
    /// others the new list, and the call no longer lets them back in. Never blocks on storage.
    void drop_group_member(int64_t tid, const std::string& username);

    /// Tells who is in a room now (`voice_participants`); for changes found outside a call here
    /// (a node of the cluster went away with its participants).
    void announce(const RoomState& room);

    /// Hands `payload` to one connection (on whichever node holds it): relayed signalling.
    void deliver(const std::string& connection_id, const std::string& event, const boost::json::value& payload);

    /// 409 not_in_voice when the connection is in no room.
    void set_muted(const std::string& connection_id, bool muted);

    /// Checks that `from` is in `channel` (409 not_in_voice) and `to` is another participant of the
    /// same room (404 voice_peer_not_found).
    RelayRoute route(const std::string& from, const std::string& to, const std::string& channel);

    std::vector<Participant> participants(const std::string& channel);

  private:
    struct Access {
        std::string channel;
        std::optional<std::vector<std::string>> members;  // calls only
        std::string kind;                                 // "channel", "dm" or "gdm"
        bool may_start = true;                            // false: may only join a running call
    };
    Access resolve(const Principal& principal, const std::string& channel);
    Access resolve_dm(const Principal& principal, const std::string& pair);
    Access resolve_gdm(const Principal& principal, const std::string& thread);
    void require_enabled(const settings::SettingsSnapshot& snapshot) const;

    storage::Backend& backend_;
    settings::SettingsService& settings_;
    EventSink& sink_;
    VoiceRooms& rooms_;
    const std::vector<IceServer> ice_;

    // Held from a change to its announcement, so this node announces a room's states in order.
    std::mutex mutex_;
};

/// `[{id, username, muted}]`.
boost::json::array participants_json(const std::vector<Participant>& participants);

}  // namespace chatter::voice
