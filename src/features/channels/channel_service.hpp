#pragma once
// Public text channels: admin management, history and the send/edit/delete rules. Public events
// go to everyone (EventSink::to_all).

#include <optional>
#include <string>
#include <vector>

#include "core/event_sink.hpp"
#include "core/principal.hpp"
#include "core/rate_limiter.hpp"
#include "features/messages/message_rules.hpp"
#include "features/settings/settings_service.hpp"
#include "storage/stores.hpp"

namespace chatter::channels {

struct ChannelHistory {
    storage::ChannelRecord channel;
    std::vector<storage::MessageRecord> messages;  // oldest first
};

class ChannelService {
  public:
    ChannelService(
        storage::Backend& backend, settings::SettingsService& settings, EventSink& sink, RateLimiter& limiter
    )
        : backend_(backend), settings_(settings), sink_(sink), limiter_(limiter) {}

    std::vector<storage::ChannelRecord> list();

    /// Admins. Names: 1–32 of a-z 0-9 - _ (lower-cased); topic ≤ 300 characters.
    /// Errors: forbidden (403), invalid_channel_name / invalid_topic (400), channel_exists (409).
    storage::ChannelRecord create(
        const Principal& principal, const std::string& name, const std::string& topic, bool announcements_only
    );
    /// Admins; any subset of the fields. Errors as create, plus channel_not_found (404).
    storage::ChannelRecord update(const Principal& principal, int64_t id, storage::ChannelChange change);
    /// Admins; deletes the channel's messages. Errors: channel_not_found (404), last_channel (409).
    void remove(const Principal& principal, int64_t id);

    /// `ref` is a channel name or id. Error channel_not_found (404).
    storage::ChannelRecord resolve(const std::string& ref);
    ChannelHistory history(const std::string& ref, const storage::PageQuery& page);
    /// How many messages channel `id` holds and when the last was sent (for `/channel info`).
    storage::ChannelActivity activity(int64_t id) { return backend_.channels().activity(id); }

    /// Stores and announces `new_message` once committed; returns that message object.
    /// Errors: see docs/api-messaging.md.
    boost::json::object send(const Principal& sender, const std::string& ref, const messages::SendRequest& request);
    /// The author, or an admin while MC_EDIT_MESSAGES is on. Announces `message_edited`; returns the
    /// updated message object.
    boost::json::object edit(const Principal& principal, int64_t id, const std::string& text);
    /// The author, or an admin while MC_DELETE_MESSAGES is on. Announces `message_deleted`.
    void remove_message(const Principal& principal, int64_t id);

  private:
    storage::Backend& backend_;
    settings::SettingsService& settings_;
    EventSink& sink_;
    RateLimiter& limiter_;
};

/// `{id, name, topic, announcements_only, created_at}`.
boost::json::object channel_json(const storage::ChannelRecord& channel);

}  // namespace chatter::channels
