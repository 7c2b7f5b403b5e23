#pragma once
// Users (issue #6): public profiles, search, the caller's own settings and avatar, and the account
// lifecycle — self-deletion and the two superadmin-only admin rows (delete a user, set a role).
// Runs on worker threads (password checks are slow on purpose; storage calls block on commit).

#include <boost/json/object.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/event_sink.hpp"
#include "core/principal.hpp"
#include "features/auth/password_guard.hpp"
#include "features/users/avatar_store.hpp"
#include "storage/stores.hpp"

namespace chatter::users {

class UserService {
  public:
    UserService(storage::Backend& backend, EventSink& sink, AvatarOptions avatars, auth::PasswordGuard passwords);

    /// `{username, avatar_url, bio, status, created_at}` of a live user; 404 user_not_found.
    boost::json::object profile(const std::string& username);

    /// Up to 20 `{username, avatar_url, status}` whose name starts with `q` (case-insensitive);
    /// 400 invalid_query unless `q` has 1–32 characters.
    boost::json::array search(std::string_view q);

    /// The caller's settings (see user_rules.hpp for the shape).
    boost::json::object settings(const Principal& principal);

    /// Validates every field of `body` first (400 invalid_<field>, nothing stored), then stores
    /// them in one transaction and returns the new settings.
    boost::json::object update_settings(const Principal& principal, const boost::json::object& body);

    /// Stores an avatar from a streamed multipart body and returns its url; the previous avatar's
    /// file is removed. Errors: see AvatarFiles::store.
    std::string set_avatar(const Principal& principal, const std::filesystem::path& body_file, std::string_view type);

    /// Removes the caller's avatar (no error when there is none).
    void clear_avatar(const Principal& principal);

    /// The bytes of an avatar by its name; 404 avatar_not_found.
    AvatarImage avatar(const std::string& name) const;

    /// Deletes the caller's own account after checking `password` (403 invalid_password: not 401,
    /// which clients rightly read as "the session has ended", as for a password change).
    /// 409 last_superadmin when the caller is the only superadmin. Wrong passwords count against
    /// the account's failed sign-in budget (429 rate_limited once it is used up).
    void delete_own_account(const Principal& principal, const std::string& password);

    /// Superadmins only (403 admin_required / superadmin_required): deletes `username`
    /// (404 user_not_found, 409 last_superadmin) and writes a `user_delete` audit row.
    void delete_user(const Principal& actor, const std::string& username);

    /// Superadmins only: sets the role of `username` (400 invalid_role, 404 user_not_found,
    /// 409 last_superadmin when it would leave no superadmin); writes a `role_set` audit row.
    /// Returns the admin view `{id, username, role, banned, created_at}`.
    boost::json::object set_role(const Principal& actor, const std::string& username, const std::string& role);

  private:
    /// The one deletion path (self and admin): tombstones the account, removes its files and
    /// avatar bytes and closes its live connections.
    void delete_account(const storage::UserRecord& user);
    storage::ProfileRecord own_profile(const Principal& principal);

    storage::Backend& backend_;
    EventSink& sink_;
    AvatarFiles avatars_;
    auth::PasswordGuard passwords_;
};

/// Error(403 admin_required) for non-admins, Error(403 superadmin_required) for admins.
void require_superadmin(const Principal& principal, std::string_view action);

}  // namespace chatter::users
