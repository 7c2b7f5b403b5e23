#pragma once
// Registration of the feature areas beyond accounts (messaging, documents, files, ...): each adds
// its HTTP routes to the router and its Socket.IO events to the registry. Called once by the
// composition root (server.cpp) before serving.

#include <functional>
#include <memory>
#include <vector>

#include "core/config.hpp"
#include "core/event_sink.hpp"
#include "core/node_signals.hpp"
#include "core/presence_directory.hpp"
#include "core/rate_limiter.hpp"
#include "features/presence/presence_service.hpp"
#include "features/realtime/event_registry.hpp"
#include "http/router.hpp"
#include "net/ip_network.hpp"
#include "net/worker_pool.hpp"
#include "storage/stores.hpp"

namespace chatter::commands {
class CommandRegistry;
}
namespace chatter::files {
class FileService;
}
namespace chatter::gdm {
class GdmService;
}
namespace chatter::voice {
class VoiceRooms;
}

namespace chatter::app {

struct FeatureContext {
    const Config& config;
    storage::Backend& backend;
    http::Router& router;
    realtime::EventRegistry& events;
    EventSink& sink;
    net::WorkerPool& workers;
    RateLimiter& limiter;
    presence::PresenceService& presence;
    net::NetworkSet& address_bans;  // banned client addresses: read by sign-in and handshakes
    NodeSignals& signals;           // work every node of a cluster must do (just this one otherwise)
    /// Cluster mode: who has what open on any node. Null on a single node.
    PresenceDirectory* directory = nullptr;
    /// Cluster mode: voice rooms shared by the nodes. Null on a single node (the voice area keeps
    /// its rooms in memory).
    voice::VoiceRooms* voice_rooms = nullptr;
    /// Set by Features before any area is made: areas add their slash commands here, or wrap a
    /// built-in one (CommandRegistry::wrap), while they are constructed.
    commands::CommandRegistry* commands = nullptr;
    /// Set by the files area when it is made; areas made after it (documents) publish into it.
    files::FileService* files = nullptr;
    /// Set by Features before any area is made: areas that keep per-group state (group calls)
    /// listen for members leaving.
    gdm::GdmService* gdms = nullptr;
    /// The stored address bans changed: every node reloads them and ends the live connections
    /// they now cover (set by the composition root, which owns the sockets).
    std::function<void()> address_bans_changed;
};

/// A feature area's services and registrations, owned for the life of the server. Each area
/// lives in its own src/app/features_<area>.cpp so areas can grow independently.
class FeatureArea {
  public:
    virtual ~FeatureArea() = default;
};

/// Collaborative documents (issue #5): src/app/features_documents.cpp.
std::unique_ptr<FeatureArea> make_documents_area(FeatureContext& context);

/// Temporary file hosting, slash commands, users and administration (issue #6):
/// src/app/features_files.cpp.
std::unique_ptr<FeatureArea> make_files_area(FeatureContext& context);

/// Voice channels and DM/group calls: WebRTC signalling (issue #7): src/app/features_voice.cpp.
std::unique_ptr<FeatureArea> make_voice_area(FeatureContext& context);
/// Read markers and unread counts of messaging conversations (issue #4): src/app/features_reads.cpp.
std::unique_ptr<FeatureArea> make_reads_area(FeatureContext& context);

/// Administration and moderation (issue #6): src/app/features_admin.cpp.
std::unique_ptr<FeatureArea> make_admin_area(FeatureContext& context);

/// Custom channels: registered JavaScript plugins, their scripts, storage and message streams
/// (issue #7): src/app/features_custom.cpp.
std::unique_ptr<FeatureArea> make_custom_channels_area(FeatureContext& context);

/// Users, personal settings, avatars, account deletion and roles (issue #6):
/// src/app/features_users.cpp.
std::unique_ptr<FeatureArea> make_users_area(FeatureContext& context);

/// Owns every feature service it creates for the life of the server.
class Features {
  public:
    explicit Features(FeatureContext& context);
    ~Features();

    Features(const Features&) = delete;
    Features& operator=(const Features&) = delete;

  private:
    struct Services;
    std::unique_ptr<Services> services_;
    std::vector<std::unique_ptr<FeatureArea>> areas_;
};

}  // namespace chatter::app
