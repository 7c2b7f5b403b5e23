#pragma once
// Site alerts (the announcement banner every client shows) and posting into a channel as System.

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/event_sink.hpp"
#include "core/principal.hpp"
#include "features/channels/channel_service.hpp"
#include "storage/stores.hpp"

namespace chatter::admin {

inline constexpr size_t kMaxAlertChars = 500;

class AlertService {
  public:
    AlertService(storage::Backend& backend, EventSink& sink, channels::ChannelService& channels)
        : backend_(backend), sink_(sink), channels_(channels) {}

    /// Any signed-in user: alerts that have not expired, newest first.
    std::vector<storage::AlertRecord> active();

    /// Admins. `text` 1–500 characters, `level` info|warning|critical, `expires_at` ISO 8601 in the
    /// future or absent. Pushes `alert` (the alert object) to everyone. Errors: admin_required
    /// (403), invalid_text / invalid_level / invalid_expires_at (400).
    storage::AlertRecord create(
        const Principal& caller,
        const std::string& text,
        const std::string& level,
        const std::optional<std::string>& expires_at
    );

    /// Admins. Pushes `alert_removed {id}`. Errors: alert_not_found (404).
    void remove(const Principal& caller, int64_t id);

    /// Admins: posts `text` into public channel `channel` with the username System, through the
    /// channel message service (same validation, same `new_message` event). Returns the message.
    boost::json::object post_as_system(const Principal& caller, const std::string& channel, const std::string& text);

  private:
    Principal system_principal();

    storage::Backend& backend_;
    EventSink& sink_;
    channels::ChannelService& channels_;
};

/// `{id, text, level, created_by, created_at, expires_at}`.
boost::json::object alert_json(const storage::AlertRecord& alert);

}  // namespace chatter::admin
