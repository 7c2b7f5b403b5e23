#pragma once
// Runtime settings that gate messaging (the original's app_settings toggles): known keys with
// their defaults, validation of admin changes, and the public "messaging config" view.

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/event_sink.hpp"
#include "core/principal.hpp"
#include "storage/stores.hpp"

namespace chatter::settings {

inline constexpr std::string_view kPublicEnabled = "PUBLIC_ENABLED";
inline constexpr std::string_view kDmEnabled = "DM_ENABLED";
inline constexpr std::string_view kGdmEnabled = "GDM_ENABLED";
inline constexpr std::string_view kMaintenanceMode = "MAINTENANCE_MODE";
inline constexpr std::string_view kAnnouncementsOnly = "ANNOUNCEMENTS_ONLY";
/// 1: POST /api/register refuses new accounts (admins still create them); see api-files-admin.md.
inline constexpr std::string_view kInviteOnlyMode = "INVITE_ONLY_MODE";
inline constexpr std::string_view kEditMessages = "MC_EDIT_MESSAGES";
inline constexpr std::string_view kDeleteMessages = "MC_DELETE_MESSAGES";
inline constexpr std::string_view kPinMessage = "MC_PIN_MESSAGE";
inline constexpr std::string_view kLockGroup = "GD_LOCK_GROUP";
inline constexpr std::string_view kUnlockGroup = "GD_UNLOCK_GROUP";
inline constexpr std::string_view kRemoveUser = "GD_REMOVE_USER";
inline constexpr std::string_view kTransferOwnership = "GD_TRANSFER_OWNERSHIP";
inline constexpr std::string_view kDeleteGroup = "GD_DELETE_GROUP";
inline constexpr std::string_view kForceLeaveGroup = "GD_FORCE_LEAVE_GROUP";
inline constexpr std::string_view kSaveDmLogs = "GD_SAVE_DM_LOGS";
inline constexpr std::string_view kSendRateMax = "SEND_RATE_MAX";
inline constexpr std::string_view kSendRateWindow = "SEND_RATE_WINDOW";
inline constexpr std::string_view kVoiceEnabled = "VOICE_ENABLED";

/// Every known key with its value (stored, else the default), read in one go.
class SettingsSnapshot {
  public:
    explicit SettingsSnapshot(std::map<std::string, std::string> values) : values_(std::move(values)) {}

    /// True when a toggle is "1".
    bool flag(std::string_view key) const;
    int64_t integer(std::string_view key) const;
    const std::map<std::string, std::string>& values() const { return values_; }

  private:
    std::map<std::string, std::string> values_;
};

class SettingsService {
  public:
    SettingsService(storage::Backend& backend, EventSink& sink) : backend_(backend), sink_(sink) {}

    /// Current values of every known key (one storage read).
    SettingsSnapshot snapshot();

    /// Admins only (403 forbidden). Validates every pair first (400 unknown_setting /
    /// invalid_setting; nothing is stored then), stores them in one transaction, audits the change
    /// and announces the new `messaging_config` to everyone. Returns the new snapshot.
    SettingsSnapshot update(const Principal& principal, const boost::json::object& values);

    /// `{public_enabled, dm_enabled, gdm_enabled, maintenance_mode, announcements_only, dm_logging}`.
    static boost::json::object messaging_config(const SettingsSnapshot& snapshot);

  private:
    storage::Backend& backend_;
    EventSink& sink_;
};

/// Error(kForbidden) unless the principal is an admin or superadmin.
void require_admin(const Principal& principal);

}  // namespace chatter::settings
