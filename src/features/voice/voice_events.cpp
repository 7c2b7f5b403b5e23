// Socket.IO adapter of voice. Signalling (voice_offer, voice_answer, voice_ice) goes to the one
// addressed participant, never to the room; the relayed payload is rebuilt from checked fields
// so a client cannot smuggle anything else to its peer.

#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "features/voice/voice_routes.hpp"
#include "socketio/socket.hpp"

namespace chatter::voice {

namespace json = boost::json;
namespace jf = json_fields;

namespace {

constexpr size_t kMaxSdpBytes = size_t{64} * 1024;
constexpr size_t kMaxCandidateBytes = 2048;

const json::object& payload_of(const realtime::EventContext& context) {
    if (!context.payload.is_object()) {
        throw Error(Errc::kBadRequest, "The event data must be an object.", "invalid_json");
    }
    return context.payload.as_object();
}

Error invalid(std::string_view sentence) {
    return Error(Errc::kBadRequest, std::string(sentence), "invalid_field");
}

// An RTCSessionDescriptionInit of the expected type.
json::object session_description(const json::object& body, std::string_view type) {
    const json::value* sdp = body.if_contains("sdp");
    if (sdp == nullptr || !sdp->is_object()) {
        throw invalid("Field 'sdp' must be an object {type, sdp}.");
    }
    const auto& fields = sdp->as_object();
    const auto actual = jf::required_string(fields, "type");
    const auto text = jf::required_string(fields, "sdp");
    if (actual != type) {
        throw invalid(std::string("Field 'sdp.type' must be '").append(type).append("'."));
    }
    if (text.size() > kMaxSdpBytes) {
        throw Error(Errc::kPayloadTooLarge, "The session description is too large.", "sdp_too_large");
    }
    return json::object{{"type", actual}, {"sdp", text}};
}

// An RTCIceCandidateInit, or null for "no more candidates".
json::value ice_candidate(const json::object& body) {
    const json::value* candidate = body.if_contains("candidate");
    if (candidate == nullptr) {
        throw Error(Errc::kBadRequest, "Field 'candidate' is required.", "missing_field");
    }
    if (candidate->is_null()) {
        return nullptr;
    }
    if (!candidate->is_object()) {
        throw invalid("Field 'candidate' must be an object {candidate, sdpMid, sdpMLineIndex} or null.");
    }
    const auto& fields = candidate->as_object();
    const auto text = jf::required_string(fields, "candidate");
    if (text.size() > kMaxCandidateBytes) {
        throw invalid("Field 'candidate.candidate' is too long.");
    }
    json::object out{{"candidate", text}};
    if (const auto mid = jf::optional_string(fields, "sdpMid")) {
        out["sdpMid"] = *mid;
    }
    if (const auto index = jf::optional_int(fields, "sdpMLineIndex")) {
        if (*index < 0 || *index > 255) {
            throw invalid("Field 'sdpMLineIndex' must be from 0 to 255.");
        }
        out["sdpMLineIndex"] = *index;
    }
    if (const auto fragment = jf::optional_string(fields, "usernameFragment")) {
        out["usernameFragment"] = *fragment;
    }
    return out;
}

// Checks the route and hands `field` to the addressee alone.
json::object relay(
    VoiceService& service,
    realtime::EventContext& context,
    const std::string& event,
    const char* field,
    json::value value
) {
    const auto& body = payload_of(context);
    const auto to = jf::required_string(body, "to");
    const auto channel = jf::required_string(body, "channel");
    const auto route = service.route(context.socket.id(), to, channel);
    json::object relayed{{"from", route.from}, {"username", route.username}, {"channel", channel}};
    relayed[field] = std::move(value);
    service.deliver(to, event, relayed);
    return json::object{{"ok", true}};
}

}  // namespace

void VoiceConnections::watch(const std::shared_ptr<socketio::Socket>& socket) {
    {
        std::lock_guard lock(mutex_);
        if (!watched_.insert(socket->id()).second) {
            return;
        }
    }
    // On the strand a socket is either still connected (the handler will run when it goes) or
    // already gone (its handlers ran before this one could be added).
    boost::asio::post(socket->strand(), [this, socket] {
        const std::string id = socket->id();
        if (socket->connected()) {
            socket->on_disconnect([this, id](const std::string&) { gone(id); });
        } else {
            gone(id);
        }
    });
}

void VoiceConnections::gone(const std::string& connection_id) {
    {
        std::lock_guard lock(mutex_);
        watched_.erase(connection_id);
    }
    if (offload_) {
        offload_([this, connection_id] { service_.leave(connection_id); });
    } else {
        service_.leave(connection_id);
    }
}

void register_voice_events(realtime::EventRegistry& events, VoiceService& service, VoiceConnections& connections) {
    events.add("voice_join", [&service, &connections](realtime::EventContext& context) {
        const auto channel = jf::required_string(payload_of(context), "channel");
        auto joined = service.join(context.principal, context.socket.id(), channel);
        connections.watch(context.socket.shared_from_this());
        return json::object{
            {"ok", true},
            {"channel", joined.channel},
            {"id", context.socket.id()},
            {"participants", participants_json(joined.participants)},
            {"ice_servers", service.ice_servers_json()},
        };
    });

    events.add("voice_leave", [&service](realtime::EventContext& context) {
        const auto left = service.leave(context.socket.id());
        return json::object{{"ok", true}, {"channel", left ? json::value(*left) : json::value(nullptr)}};
    });

    events.add("voice_mute", [&service](realtime::EventContext& context) {
        const json::value* muted = payload_of(context).if_contains("muted");
        if (muted == nullptr || !muted->is_bool()) {
            throw invalid("Field 'muted' must be true or false.");
        }
        service.set_muted(context.socket.id(), muted->get_bool());
        return json::object{{"ok", true}, {"muted", muted->get_bool()}};
    });

    events.add("voice_offer", [&service](realtime::EventContext& context) {
        return relay(service, context, "voice_offer", "sdp", session_description(payload_of(context), "offer"));
    });

    events.add("voice_answer", [&service](realtime::EventContext& context) {
        return relay(service, context, "voice_answer", "sdp", session_description(payload_of(context), "answer"));
    });

    events.add("voice_ice", [&service](realtime::EventContext& context) {
        return relay(service, context, "voice_ice", "candidate", ice_candidate(payload_of(context)));
    });
}

}  // namespace chatter::voice
