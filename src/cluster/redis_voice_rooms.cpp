#include "cluster/redis_voice_rooms.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "core/error.hpp"

namespace chatter::cluster {

namespace json = boost::json;

namespace {

// Shared by the scripts below. An emptied room is deleted, but still reported (with no
// participants) so its members learn that the call ended. cjson writes an empty list as {}.
constexpr std::string_view kPrelude = R"lua(
local function room_key(channel) return 'chatter:voice:room:' .. channel end
local function conn_key(id) return 'chatter:voice:conn:' .. id end
local function node_key(node) return 'chatter:voice:node:' .. node end
local function load(channel)
  local raw = redis.call('GET', room_key(channel))
  if not raw then return nil end
  return cjson.decode(raw)
end
local function store(channel, room)
  local encoded = cjson.encode(room)
  if #room.participants == 0 then redis.call('DEL', room_key(channel)) else redis.call('SET', room_key(channel), encoded) end
  return encoded
end
local function leave(id)
  local channel = redis.call('GET', conn_key(id))
  if not channel then return nil end
  redis.call('DEL', conn_key(id))
  local room = load(channel)
  if not room then return nil end
  local kept = {}
  for _, p in ipairs(room.participants) do
    if p.id == id then redis.call('SREM', node_key(p.node), id) else table.insert(kept, p) end
  end
  room.participants = kept
  return channel, store(channel, room)
end
)lua";

// ARGV: node, channel, members JSON or '', connection id, username, may start '1'/'0', max.
// Returns {result, started, channel, room, [left channel, left room]}.
constexpr std::string_view kJoin = R"lua(
local node, channel, id = ARGV[1], ARGV[2], ARGV[4]
local room = load(channel)
if room and redis.call('GET', conn_key(id)) == channel then
  return {'already', '0', channel, cjson.encode(room)}
end
local started = room == nil or #room.participants == 0
if started and ARGV[6] ~= '1' then return {'may_not_start', '1'} end
if not started and #room.participants >= tonumber(ARGV[7]) then return {'full', '0'} end
local left_channel, left_room = leave(id)
room = load(channel) or {participants = {}}
if ARGV[3] ~= '' then room.members = cjson.decode(ARGV[3]) else room.members = nil end
table.insert(room.participants, {id = id, username = ARGV[5], muted = false, node = node})
local encoded = store(channel, room)
redis.call('SET', conn_key(id), channel)
redis.call('SADD', node_key(node), id)
local out = {'joined', started and '1' or '0', channel, encoded}
if left_channel then table.insert(out, left_channel); table.insert(out, left_room) end
return out
)lua";

// ARGV: connection id. Returns {channel, room} or {}.
constexpr std::string_view kLeave = R"lua(
local channel, room = leave(ARGV[1])
if not channel then return {} end
return {channel, room}
)lua";

// ARGV: channel, username. Returns {channel, room, ...}, one pair per connection removed.
constexpr std::string_view kDropUser = R"lua(
local room = load(ARGV[1])
if not room then return {} end
local out = {}
for _, p in ipairs(room.participants) do
  if p.username == ARGV[2] then
    local channel, state = leave(p.id)
    if channel then table.insert(out, channel); table.insert(out, state) end
  end
end
room = load(ARGV[1])
if room and room.members then
  local kept = {}
  for _, m in ipairs(room.members) do if m ~= ARGV[2] then table.insert(kept, m) end end
  room.members = kept
  store(ARGV[1], room)
end
return out
)lua";

// ARGV: channel. Returns {channel, room without participants} or {}.
constexpr std::string_view kClear = R"lua(
local room = load(ARGV[1])
if not room then return {} end
for _, p in ipairs(room.participants) do
  redis.call('DEL', conn_key(p.id))
  redis.call('SREM', node_key(p.node), p.id)
end
room.participants = {}
return {ARGV[1], store(ARGV[1], room)}
)lua";

// ARGV: connection id, '1'/'0'. Returns {channel, room} or {}.
constexpr std::string_view kMute = R"lua(
local channel = redis.call('GET', conn_key(ARGV[1]))
if not channel then return {} end
local room = load(channel)
if not room then return {} end
for _, p in ipairs(room.participants) do
  if p.id == ARGV[1] then p.muted = ARGV[2] == '1' end
end
return {channel, store(channel, room)}
)lua";

// ARGV: node. Returns {channel, room, ...}, one pair per connection removed.
constexpr std::string_view kPurgeNode = R"lua(
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', node_key(ARGV[1]))) do
  local channel, state = leave(id)
  if channel then table.insert(out, channel); table.insert(out, state) end
end
redis.call('DEL', node_key(ARGV[1]))
return out
)lua";

Error unavailable() {
    return Error(Errc::kUnavailable, "Voice is unavailable for a moment; try again.", "voice_unavailable");
}

std::vector<voice::RoomState> states_from(const std::vector<pubsub::Reply>& elements, size_t first) {
    std::vector<voice::RoomState> out;
    for (size_t i = first; i + 1 < elements.size(); i += 2) {
        out.push_back(parse_room(elements[i].str, elements[i + 1].str));
    }
    return out;
}

}  // namespace

voice::RoomState parse_room(const std::string& channel, std::string_view text) {
    voice::RoomState state{.channel = channel, .members = std::nullopt, .participants = {}};
    boost::system::error_code ec;
    const json::value parsed = json::parse(text, ec);
    if (ec || !parsed.is_object()) {
        spdlog::warn("voice: room {} in Redis is not JSON; treated as empty", channel);
        return state;
    }
    const auto& room = parsed.get_object();
    if (const auto* members = room.if_contains("members"); members != nullptr) {
        // cjson writes an emptied list as {}: still a call's (empty) member list.
        state.members.emplace();
        if (members->is_array()) {
            for (const auto& member : members->get_array()) {
                if (member.is_string()) {
                    state.members->emplace_back(member.get_string());
                }
            }
        }
    }
    if (const auto* participants = room.if_contains("participants");
        participants != nullptr && participants->is_array()) {
        for (const auto& entry : participants->get_array()) {
            const auto* p = entry.if_object();
            if (p == nullptr || !p->contains("id") || !p->at("id").is_string()) {
                continue;
            }
            const auto* username = p->if_contains("username");
            const auto* muted = p->if_contains("muted");
            state.participants.push_back(voice::Participant{
                .id = std::string(p->at("id").get_string()),
                .username = username != nullptr && username->is_string() ? std::string(username->get_string()) : "",
                .muted = muted != nullptr && muted->is_bool() && muted->get_bool(),
            });
        }
    }
    return state;
}

std::optional<pubsub::Reply> RedisVoiceRooms::eval(std::string_view script, const pubsub::Command& args) {
    const std::string full = std::string(kPrelude).append(script);
    auto reply = redis_.eval(full, {}, args);
    if (reply && reply->is_error()) {
        spdlog::warn("voice: Redis refused a script: {}", reply->str);
        return std::nullopt;
    }
    return reply;
}

std::vector<voice::RoomState> RedisVoiceRooms::run(std::string_view script, const pubsub::Command& args) {
    retry_pending_leaves();
    const auto reply = eval(script, args);
    if (!reply) {
        throw unavailable();
    }
    return states_from(reply->elements, 0);
}

void RedisVoiceRooms::retry_pending_leaves() {
    std::vector<std::string> pending;
    {
        std::lock_guard lock(pending_mutex_);
        pending.swap(pending_leaves_);
    }
    for (size_t i = 0; i < pending.size(); ++i) {
        if (!eval(kLeave, {pending[i]})) {
            std::lock_guard lock(pending_mutex_);
            pending_leaves_.insert(
                pending_leaves_.end(), pending.begin() + static_cast<std::ptrdiff_t>(i), pending.end()
            );
            return;
        }
    }
}

voice::JoinOutcome RedisVoiceRooms::join(const voice::JoinRequest& request) {
    retry_pending_leaves();
    std::string members;
    if (request.members) {
        members = json::serialize(json::array(request.members->begin(), request.members->end()));
    }
    const auto reply = eval(
        kJoin,
        {node_id_,
         request.channel,
         members,
         request.participant.id,
         request.participant.username,
         request.may_start ? "1" : "0",
         std::to_string(request.max_participants)}
    );
    if (!reply || reply->elements.size() < 2) {
        throw unavailable();
    }
    const auto& e = reply->elements;
    voice::JoinOutcome outcome;
    outcome.started = e[1].str == "1";
    const std::string& result = e[0].str;
    if (result == "may_not_start") {
        outcome.result = voice::JoinOutcome::Result::kMayNotStart;
        return outcome;
    }
    if (result == "full") {
        outcome.result = voice::JoinOutcome::Result::kFull;
        return outcome;
    }
    outcome.result = result == "already" ? voice::JoinOutcome::Result::kAlreadyIn : voice::JoinOutcome::Result::kJoined;
    auto states = states_from(e, 2);
    if (states.empty()) {
        throw unavailable();
    }
    outcome.room = std::move(states[0]);
    if (states.size() > 1) {
        outcome.left = std::move(states[1]);
    }
    return outcome;
}

std::optional<voice::RoomState> RedisVoiceRooms::leave(const std::string& connection_id) {
    retry_pending_leaves();
    const auto reply = eval(kLeave, {connection_id});
    if (!reply) {
        std::lock_guard lock(pending_mutex_);
        pending_leaves_.push_back(connection_id);
        return std::nullopt;
    }
    auto states = states_from(reply->elements, 0);
    return states.empty() ? std::nullopt : std::optional(std::move(states[0]));
}

std::vector<voice::RoomState> RedisVoiceRooms::drop_user(const std::string& channel, const std::string& username) {
    return run(kDropUser, {channel, username});
}

std::optional<voice::RoomState> RedisVoiceRooms::clear(const std::string& channel) {
    auto states = run(kClear, {channel});
    return states.empty() ? std::nullopt : std::optional(std::move(states[0]));
}

std::optional<voice::RoomState> RedisVoiceRooms::set_muted(const std::string& connection_id, bool muted) {
    auto states = run(kMute, {connection_id, muted ? "1" : "0"});
    return states.empty() ? std::nullopt : std::optional(std::move(states[0]));
}

std::vector<voice::Participant> RedisVoiceRooms::participants(const std::string& channel) {
    const auto reply = redis_.command({"GET", "chatter:voice:room:" + channel});
    if (!reply) {
        throw unavailable();
    }
    if (reply->type != pubsub::Reply::Type::kString) {
        return {};
    }
    return parse_room(channel, reply->str).participants;
}

void RedisVoiceRooms::on_external_change(const Listener& listener) {
    listener_ = listener;
}

void RedisVoiceRooms::purge_node(const std::string& node_id) {
    const auto reply = eval(kPurgeNode, {node_id});
    if (!reply) {
        return;
    }
    for (const auto& state : states_from(reply->elements, 0)) {
        if (listener_) {
            listener_(state);
        }
    }
}

}  // namespace chatter::cluster
