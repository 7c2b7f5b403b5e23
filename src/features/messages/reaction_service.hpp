#pragma once
// Reactions and pins on messages of every kind, and message search. Both only touch messages the caller
// can see: any public message, DMs they sent or received, messages of groups they belong to.

#include <boost/json/object.hpp>

#include <map>
#include <string>
#include <vector>

#include "core/event_sink.hpp"
#include "core/principal.hpp"
#include "features/gdm/gdm_service.hpp"
#include "features/settings/settings_service.hpp"
#include "storage/stores.hpp"

namespace chatter::messages {

using ReactionMap = std::map<std::string, std::vector<std::string>>;

class ReactionService {
  public:
    ReactionService(
        storage::Backend& backend, settings::SettingsService& settings, gdm::GdmService& gdm, EventSink& sink
    )
        : backend_(backend), settings_(settings), gdm_(gdm), sink_(sink) {}

    /// Adds (or, with `add` false, removes) the caller's `emoji` reaction and announces
    /// `reaction_update` to whoever can see the message. Errors: invalid_field (400) for a bad kind
    /// or emoji (1–32 bytes, no spaces, controls or <>&"'), message_not_found (404).
    ReactionMap react(
        const Principal& principal, const std::string& kind, int64_t message_id, const std::string& emoji, bool add
    );

    ReactionMap list(const Principal& principal, const std::string& kind, int64_t message_id);

    /// Pins or unpins a message: public ones by admins while MC_PIN_MESSAGE is on, DMs by either
    /// participant, group messages by the group's owner (403 forbidden / feature_disabled).
    /// Announces `pin_update {message_type, message_id, action, username}` to the audience.
    void pin(const Principal& principal, const std::string& kind, int64_t message_id, bool pinned);

    /// The pinned messages (message objects plus `pinned_by`, `pinned_at`) of one conversation:
    /// `ref` is a channel name or id (public), a peer username (dm) or a thread id (gdm).
    boost::json::array pins(const Principal& principal, const std::string& kind, const std::string& ref);

    /// Up to `limit` (1–100) newest visible messages matching every word of `query` (1–200
    /// characters, else 400 invalid_field).
    std::vector<storage::SearchHit> search(const Principal& principal, const std::string& query, int limit);

  private:
    struct Audience {
        bool everyone = false;
        std::vector<std::string> users;
        int64_t group_owner_id = 0;
    };
    Audience audience(const Principal& principal, const std::string& kind, int64_t message_id);

    storage::Backend& backend_;
    settings::SettingsService& settings_;
    gdm::GdmService& gdm_;
    EventSink& sink_;
};

boost::json::object reactions_json(const ReactionMap& reactions);

}  // namespace chatter::messages
