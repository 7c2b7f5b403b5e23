#include "features/voice/voice_service.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "core/time.hpp"

namespace chatter::voice {

namespace json = boost::json;

namespace {

constexpr size_t kMaxChannelName = 32;
constexpr std::string_view kDmPrefix = "dm:";
constexpr std::string_view kGdmPrefix = "gdm:";

Error channel_not_found() {
    return Error(Errc::kNotFound, "There is no such voice channel.", "voice_channel_not_found");
}

Error not_in_voice() {
    return Error(Errc::kConflict, "You are not in that voice channel.", "not_in_voice");
}

// Folds upper case; Error(invalid_channel_name) unless 1–32 of a–z 0–9 - _.
std::string normalise_channel_name(const std::string& name) {
    std::string out;
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || !(std::isalnum(u) != 0 || c == '-' || c == '_')) {
            out.clear();
            break;
        }
        out.push_back(static_cast<char>(std::tolower(u)));
    }
    if (out.empty() || out.size() > kMaxChannelName) {
        throw Error(
            Errc::kBadRequest, "A voice channel name is 1 to 32 letters, digits, '-' or '_'.", "invalid_channel_name"
        );
    }
    return out;
}

bool is_stun(const std::string& url) {
    return url.starts_with("stun:") || url.starts_with("stuns:");
}

}  // namespace

std::vector<IceServer> ice_servers_from(
    const std::vector<std::string>& urls, const std::string& turn_username, const std::string& turn_credential
) {
    IceServer stun;
    IceServer turn{.urls = {}, .username = turn_username, .credential = turn_credential};
    for (const auto& url : urls) {
        (is_stun(url) ? stun : turn).urls.push_back(url);
    }
    std::vector<IceServer> out;
    for (auto* server : {&stun, &turn}) {
        if (!server->urls.empty()) {
            out.push_back(std::move(*server));
        }
    }
    return out;
}

json::array participants_json(const std::vector<Participant>& participants) {
    json::array out;
    for (const auto& p : participants) {
        out.push_back(json::object{{"id", p.id}, {"username", p.username}, {"muted", p.muted}});
    }
    return out;
}

json::array VoiceService::ice_servers_json() const {
    json::array out;
    for (const auto& server : ice_) {
        json::object entry{{"urls", json::array(server.urls.begin(), server.urls.end())}};
        if (!server.username.empty() || !server.credential.empty()) {
            entry["username"] = server.username;
            entry["credential"] = server.credential;
        }
        out.push_back(std::move(entry));
    }
    return out;
}

bool VoiceService::enabled() {
    return settings_.snapshot().flag(settings::kVoiceEnabled);
}

void VoiceService::require_enabled(const settings::SettingsSnapshot& snapshot) const {
    if (!snapshot.flag(settings::kVoiceEnabled)) {
        throw Error(Errc::kUnavailable, "Voice service unavailable", "voice_disabled")
            .with_fields(json::object{{"channels", json::array{}}});
    }
}

json::object VoiceService::list_channels() {
    require_enabled(settings_.snapshot());
    const auto names = backend_.voice_channels().list();
    json::array channels;
    json::array details;
    for (const auto& name : names) {
        channels.emplace_back(name);
        details.push_back(json::object{{"name", name}, {"participants", participants_json(participants(name))}});
    }
    return json::object{{"channels", std::move(channels)}, {"details", std::move(details)}};
}

std::string VoiceService::create_channel(const Principal& principal, const std::string& name) {
    settings::require_admin(principal);
    std::string normalised = normalise_channel_name(name);
    if (!backend_.voice_channels().insert(normalised, principal.id, unix_now())) {
        throw Error(Errc::kConflict, "A voice channel with that name exists already.", "voice_channel_exists");
    }
    sink_.to_all("voice_channels_changed", json::object{{"created", normalised}});
    return normalised;
}

void VoiceService::delete_channel(const Principal& principal, const std::string& name) {
    settings::require_admin(principal);
    if (!backend_.voice_channels().remove(name)) {
        throw channel_not_found();
    }
    {
        std::lock_guard lock(mutex_);
        if (auto cleared = rooms_.clear(name)) {
            announce(*cleared);
        }
    }
    sink_.to_all("voice_channels_changed", json::object{{"deleted", name}});
}

VoiceService::Access VoiceService::resolve_dm(const Principal& principal, const std::string& pair) {
    const size_t colon = pair.find(':');
    if (colon == std::string::npos) {
        throw channel_not_found();
    }
    const auto first = backend_.users().fetch_by_name(pair.substr(0, colon));
    const auto second = backend_.users().fetch_by_name(pair.substr(colon + 1));
    if (!first || !second || first->id == second->id) {
        throw channel_not_found();
    }
    if (principal.id != first->id && principal.id != second->id) {
        throw Error(Errc::kForbidden, "Only the two people of this conversation can join its call.", "not_a_member");
    }
    const auto& other = principal.id == first->id ? *second : *first;
    std::vector<std::string> members{first->username, second->username};
    std::sort(members.begin(), members.end());
    Access access{
        .channel = std::string(kDmPrefix).append(members[0]).append(":").append(members[1]),
        .members = members,
        .kind = "dm",
        .may_start = backend_.dms().allow_dms(other.id) == "everyone",
    };
    return access;
}

VoiceService::Access VoiceService::resolve_gdm(const Principal& principal, const std::string& thread) {
    const auto id = json_fields::parse_int(thread);
    const auto record = id ? backend_.gdms().fetch(*id) : std::nullopt;
    if (!record) {
        throw channel_not_found();
    }
    if (!backend_.gdms().is_member(record->id, principal.id)) {
        throw Error(Errc::kForbidden, "Only members of this group can join its call.", "not_a_member");
    }
    return Access{
        .channel = std::string(kGdmPrefix).append(std::to_string(record->id)),
        .members = record->members,
        .kind = "gdm",
    };
}

VoiceService::Access VoiceService::resolve(const Principal& principal, const std::string& channel) {
    const auto snapshot = settings_.snapshot();
    require_enabled(snapshot);
    if (channel.starts_with(kDmPrefix)) {
        if (!snapshot.flag(settings::kDmEnabled)) {
            throw Error(Errc::kUnavailable, "Direct messages are switched off.", "dm_disabled");
        }
        return resolve_dm(principal, channel.substr(kDmPrefix.size()));
    }
    if (channel.starts_with(kGdmPrefix)) {
        if (!snapshot.flag(settings::kGdmEnabled)) {
            throw Error(Errc::kUnavailable, "Group messages are switched off.", "gdm_disabled");
        }
        return resolve_gdm(principal, channel.substr(kGdmPrefix.size()));
    }
    if (channel.empty() || channel.size() > kMaxChannelName || !backend_.voice_channels().exists(channel)) {
        throw channel_not_found();
    }
    return Access{.channel = channel, .members = std::nullopt, .kind = "channel"};
}

VoiceService::Joined VoiceService::join(
    const Principal& principal, const std::string& connection_id, const std::string& channel
) {
    const Access access = resolve(principal, channel);
    std::lock_guard lock(mutex_);
    const auto outcome = rooms_.join(JoinRequest{
        .channel = access.channel,
        .members = access.members,
        .participant = Participant{.id = connection_id, .username = principal.username},
        .may_start = access.may_start,
        .max_participants = kMaxParticipants,
    });
    switch (outcome.result) {
        case JoinOutcome::Result::kMayNotStart:
            throw Error(Errc::kForbidden, "This person does not accept direct messages or calls.", "dms_not_accepted");
        case JoinOutcome::Result::kFull:
            throw Error(Errc::kConflict, "This voice channel is full.", "voice_channel_full");
        case JoinOutcome::Result::kAlreadyIn:
            return Joined{access.channel, outcome.room.participants};
        case JoinOutcome::Result::kJoined:
            break;
    }
    if (outcome.left) {
        announce(*outcome.left);
    }
    announce(outcome.room);
    if (outcome.started && access.members) {
        json::object ring{{"channel", access.channel}, {"from", principal.username}, {"kind", access.kind}};
        for (const auto& member : *access.members) {
            if (member != principal.username) {
                sink_.to_user(member, "voice_ring", ring);
            }
        }
    }
    return Joined{access.channel, outcome.room.participants};
}

std::optional<std::string> VoiceService::leave(const std::string& connection_id) {
    std::lock_guard lock(mutex_);
    auto left = rooms_.leave(connection_id);
    if (!left) {
        return std::nullopt;
    }
    announce(*left);
    return left->channel;
}

void VoiceService::drop_group_member(int64_t tid, const std::string& username) {
    const std::string channel = std::string{kGdmPrefix}.append(std::to_string(tid));
    std::lock_guard lock(mutex_);
    // Announced to the members list of the call's start, which still holds `username`: their
    // own tabs learn that they are out.
    for (const auto& state : rooms_.drop_user(channel, username)) {
        announce(state);
    }
}

void VoiceService::set_muted(const std::string& connection_id, bool muted) {
    std::lock_guard lock(mutex_);
    const auto state = rooms_.set_muted(connection_id, muted);
    if (!state) {
        throw not_in_voice();
    }
    announce(*state);
}

RelayRoute VoiceService::route(const std::string& from, const std::string& to, const std::string& channel) {
    const auto participants = rooms_.participants(channel);
    const auto find = [&](const std::string& id) {
        return std::find_if(participants.begin(), participants.end(), [&](const Participant& p) { return p.id == id; });
    };
    const auto sender = find(from);
    if (sender == participants.end()) {
        throw not_in_voice();
    }
    if (to == from || find(to) == participants.end()) {
        throw Error(Errc::kNotFound, "That participant is not in this voice channel.", "voice_peer_not_found");
    }
    return RelayRoute{.from = from, .username = sender->username};
}

std::vector<Participant> VoiceService::participants(const std::string& channel) {
    return rooms_.participants(channel);
}

void VoiceService::announce(const RoomState& room) {
    const json::object payload{{"channel", room.channel}, {"participants", participants_json(room.participants)}};
    if (!room.members) {
        sink_.to_all("voice_participants", payload);
        return;
    }
    for (const auto& member : *room.members) {
        sink_.to_user(member, "voice_participants", payload);
    }
}

void VoiceService::deliver(const std::string& connection_id, const std::string& event, const json::value& payload) {
    sink_.to_room(connection_id, event, payload);
}

}  // namespace chatter::voice
