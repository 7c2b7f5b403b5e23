#pragma once
// Transport adapters of voice: the REST routes (/api/voice/*) and the Socket.IO events
// (voice_join, voice_leave, voice_mute, voice_offer, voice_answer, voice_ice).

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>

#include "features/realtime/event_registry.hpp"
#include "features/voice/voice_service.hpp"
#include "http/router.hpp"

namespace chatter::voice {

void register_voice_routes(http::Router& router, VoiceService& service);

/// Takes a connection out of voice when it disconnects (tab closed, network lost): each socket
/// that joins gets one disconnect handler, registered on its strand as Socket requires.
class VoiceConnections {
  public:
    /// Runs a job off the network thread (a worker), for rooms that are blocking().
    using Offload = std::function<void(std::function<void()>)>;

    explicit VoiceConnections(VoiceService& service, Offload offload = {})
        : service_(service), offload_(std::move(offload)) {}

    /// Any thread; idempotent per connection.
    void watch(const std::shared_ptr<socketio::Socket>& socket);

  private:
    void gone(const std::string& connection_id);

    VoiceService& service_;
    Offload offload_;
    std::mutex mutex_;
    std::unordered_set<std::string> watched_;
};

void register_voice_events(realtime::EventRegistry& events, VoiceService& service, VoiceConnections& connections);

}  // namespace chatter::voice
