#pragma once
// Group invite codes: unguessable (100 random bits), single use, expiring. Joining respects group
// bans and GDM_ENABLED, and refreshes the members' thread lists.

#include <cstdint>
#include <optional>
#include <string>

#include "core/principal.hpp"
#include "features/gdm/gdm_service.hpp"
#include "features/settings/settings_service.hpp"
#include "storage/stores.hpp"

namespace chatter::invites {

inline constexpr int64_t kDefaultExpiresIn = int64_t{24} * 3600;
inline constexpr int64_t kMinExpiresIn = 60;
inline constexpr int64_t kMaxExpiresIn = int64_t{30} * 24 * 3600;
inline constexpr size_t kCodeLength = 20;

struct JoinResult {
    int64_t thread_id = 0;
    std::string thread_name;
};

class InviteService {
  public:
    InviteService(storage::Backend& backend, settings::SettingsService& settings, gdm::GdmService& gdm)
        : backend_(backend), settings_(settings), gdm_(gdm) {}

    /// Owner of the group only (403 forbidden; 404 thread_not_found for non-members).
    /// `expires_in` seconds: 60–2592000 (400 invalid_field), default 24 h.
    storage::InviteRecord create(const Principal& principal, int64_t thread_id, std::optional<int64_t> expires_in);

    /// Joins with a code (case-insensitive). Errors: invite_not_found (404), invite_used /
    /// invite_expired / already_member (409), banned_from_group (403), gdm_disabled (503).
    JoinResult join(const Principal& principal, const std::string& code);

  private:
    storage::Backend& backend_;
    settings::SettingsService& settings_;
    gdm::GdmService& gdm_;
};

/// A new random code of kCodeLength characters from A–Z and 2–7.
std::string new_invite_code();

}  // namespace chatter::invites
