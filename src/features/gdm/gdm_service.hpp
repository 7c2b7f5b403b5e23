#pragma once
// Group DMs: threads, membership and ownership, admin lock/unlock/delete with their GD_* toggles,
// and the group messages. Every event goes to the affected members' `user:` rooms.

#include <boost/json/object.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/event_sink.hpp"
#include "core/principal.hpp"
#include "core/rate_limiter.hpp"
#include "features/messages/message_rules.hpp"
#include "features/settings/settings_service.hpp"
#include "storage/stores.hpp"

namespace chatter::gdm {

inline constexpr size_t kMaxMembers = 50;

class GdmService {
  public:
    GdmService(storage::Backend& backend, settings::SettingsService& settings, EventSink& sink, RateLimiter& limiter)
        : backend_(backend), settings_(settings), sink_(sink), limiter_(limiter) {}

    std::vector<storage::ThreadRecord> threads(const Principal& principal);

    /// Runs after a member has gone from a group for any reason (removed, kicked, left, the group
    /// deleted), so other areas can drop what that member had there (a running group call).
    /// Register during start-up only: listeners are read without a lock.
    using MemberGone = std::function<void(int64_t tid, const std::string& username)>;
    void on_member_gone(MemberGone listener) { member_gone_.push_back(std::move(listener)); }

    /// The caller owns the new group; `members` are other existing users (≥ 1, ≤ 49 others).
    /// Errors: gdm_disabled (503), invalid_name / not_enough_members / too_many_members (400),
    /// user_not_found (404).
    storage::ThreadRecord create(
        const Principal& principal, const std::optional<std::string>& name, const std::vector<std::string>& members
    );

    /// A group the caller is a member of (admins may see any when `admins_too`);
    /// 404 thread_not_found otherwise, so a group's existence is not revealed.
    storage::ThreadRecord visible_thread(const Principal& principal, int64_t tid, bool admins_too = false);

    std::vector<storage::MessageRecord> history(
        const Principal& principal, int64_t tid, const storage::PageQuery& page
    );

    /// Owner only (403 forbidden).
    storage::ThreadRecord rename(const Principal& principal, int64_t tid, const std::string& name);
    /// Owner only; returns the usernames newly added (adding lifts a group ban).
    std::vector<std::string> add_members(
        const Principal& principal, int64_t tid, const std::vector<std::string>& users
    );
    /// Owner or admin, while GD_REMOVE_USER is on (403 feature_disabled).
    void remove_member(const Principal& principal, int64_t tid, const std::string& username);
    /// Owner only, while GD_FORCE_LEAVE_GROUP is on; also bans the user from rejoining by invite.
    void kick(const Principal& principal, int64_t tid, const std::string& username);
    /// Owner only, while GD_TRANSFER_OWNERSHIP is on; `new_owner` must be a member.
    storage::ThreadRecord transfer(const Principal& principal, int64_t tid, const std::string& new_owner);
    /// A member leaves; the owner must transfer first (409 owner_must_transfer).
    void leave(const Principal& principal, int64_t tid);

    /// Admins only, while GD_LOCK_GROUP / GD_UNLOCK_GROUP is on.
    void set_locked(const Principal& principal, int64_t tid, bool locked);
    /// Admins only, while GD_DELETE_GROUP is on.
    void remove_thread(const Principal& principal, int64_t tid);

    /// Members only; refused while locked (403 group_locked). Emits `gdm_new` to every member.
    boost::json::object send(const Principal& sender, int64_t tid, const messages::SendRequest& request);
    /// The author only; refused while locked. Emits `gdm_edit`.
    boost::json::object edit(const Principal& principal, int64_t id, const std::string& text);
    /// The author or the group owner. Emits `gdm_delete`.
    void remove_message(const Principal& principal, int64_t id);
    /// Members only. Emits `gdm_typing` to the other members.
    void typing(const Principal& principal, int64_t tid, bool typing);

    /// Emits `gdm_threads_refresh` with `payload` to each of `usernames`.
    void refresh(const std::vector<std::string>& usernames, const boost::json::object& payload);

  private:
    storage::ThreadRecord owned_thread(const Principal& principal, int64_t tid);
    storage::MessageRecord member_message(const Principal& principal, int64_t id, storage::ThreadRecord& thread);
    void require_toggle(std::string_view key);
    storage::UserRecord member_user(const storage::ThreadRecord& thread, const std::string& username);
    // Tells the removed member and the rest, then the on_member_gone listeners.
    void announce_gone(const storage::ThreadRecord& thread, const std::string& username);

    storage::Backend& backend_;
    settings::SettingsService& settings_;
    EventSink& sink_;
    RateLimiter& limiter_;
    std::vector<MemberGone> member_gone_;
};

/// `{id, name, created_by, created_at, locked, members}`.
boost::json::object thread_json(const storage::ThreadRecord& thread);

/// Trimmed group name, 1–100 characters without control characters (400 invalid_name).
std::string validate_group_name(const std::string& name);

/// Error(kUnavailable, "gdm_disabled") when GDM_ENABLED is off.
void require_gdm_enabled(const settings::SettingsSnapshot& settings);

}  // namespace chatter::gdm
