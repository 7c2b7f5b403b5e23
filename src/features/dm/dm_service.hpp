#pragma once
// Direct messages between two users: history, peers, send/edit/delete, typing, the recipient's
// "accept DMs" setting and the admin DM log (GD_SAVE_DM_LOGS). Events go to both users' rooms.

#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "core/event_sink.hpp"
#include "core/principal.hpp"
#include "core/rate_limiter.hpp"
#include "features/messages/message_rules.hpp"
#include "features/settings/settings_service.hpp"
#include "storage/stores.hpp"

namespace chatter::dm {

inline constexpr std::string_view kAllowEveryone = "everyone";
inline constexpr std::string_view kAllowNobody = "nobody";

class DmService {
  public:
    DmService(storage::Backend& backend, settings::SettingsService& settings, EventSink& sink, RateLimiter& limiter)
        : backend_(backend), settings_(settings), sink_(sink), limiter_(limiter) {}

    std::vector<std::string> peers(const Principal& principal);

    /// The caller's conversation with `peer`, oldest first. Error user_not_found (404).
    std::vector<storage::MessageRecord> history(
        const Principal& principal, const std::string& peer, const storage::PageQuery& page
    );

    /// Stores the DM (and its log entry while GD_SAVE_DM_LOGS is on) and emits `dm_new` to both
    /// users once committed; returns the DM object. Errors: dm_disabled / maintenance (503),
    /// user_not_found (404), dm_self (400), dms_not_accepted (403), invalid_text, reply_not_found,
    /// rate_limited (429).
    boost::json::object send(const Principal& sender, const std::string& to, const messages::SendRequest& request);

    /// The author only. Emits `dm_edit` to both; returns the updated DM object.
    boost::json::object edit(const Principal& principal, int64_t id, const std::string& text);

    /// The author only. Emits `dm_delete` to both.
    void remove(const Principal& principal, int64_t id);

    /// Emits `dm_typing {from, to, typing}` to the recipient, under the same rules as sending.
    void typing(const Principal& principal, const std::string& to, bool typing);

    std::string allow_dms(const Principal& principal);
    /// `value` is "everyone" or "nobody" (400 invalid_field otherwise).
    void set_allow_dms(const Principal& principal, const std::string& value);

    /// Admins only (403 forbidden); 403 dm_logs_disabled while GD_SAVE_DM_LOGS is 0; 404 for an
    /// unknown peer. Each read is written to the audit log.
    std::vector<storage::DmLogRecord> logs(
        const Principal& principal, const std::string& peer, const storage::PageQuery& page
    );

  private:
    storage::UserRecord recipient(const Principal& sender, const std::string& to);
    storage::MessageRecord own_message(const Principal& principal, int64_t id);

    storage::Backend& backend_;
    settings::SettingsService& settings_;
    EventSink& sink_;
    RateLimiter& limiter_;
};

}  // namespace chatter::dm
