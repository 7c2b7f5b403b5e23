#include "features/users/user_service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "features/auth/auth_rules.hpp"
#include "features/files/file_service.hpp"
#include "features/users/user_rules.hpp"

namespace chatter::users {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

Error user_not_found(std::string_view username) {
    return Error(Errc::kNotFound, fmt::format("There is no user called {}.", username), "user_not_found");
}

Error last_superadmin() {
    return Error(
        Errc::kConflict, "This is the only superadmin: make another account superadmin first.", "last_superadmin"
    );
}

json::value avatar_url(const std::optional<std::string>& avatar) {
    return avatar ? json::value(AvatarFiles::url(*avatar)) : json::value(nullptr);
}

int role_rank(std::string_view role) {
    return role == "superadmin" ? 2 : role == "admin" ? 1 : 0;
}

}  // namespace

void require_superadmin(const Principal& principal, std::string_view action) {
    if (!principal.is_admin()) {
        throw Error(Errc::kForbidden, fmt::format("Only administrators can {}.", action), "admin_required");
    }
    if (!principal.is_superadmin()) {
        throw Error(Errc::kForbidden, fmt::format("Only a superadmin can {}.", action), "superadmin_required");
    }
}

UserService::UserService(
    storage::Backend& backend, EventSink& sink, AvatarOptions avatars, auth::PasswordGuard passwords
)
    : backend_(backend), sink_(sink), avatars_(std::move(avatars)), passwords_(passwords) {}

json::object UserService::profile(const std::string& username) {
    const auto user =
        username.size() <= auth::kMaxUsernameLength ? backend_.users().fetch_by_name(username) : std::nullopt;
    const auto profile = user ? backend_.profiles().fetch(user->id) : std::nullopt;
    if (!profile) {
        throw user_not_found(username);
    }
    return json::object{
        {"username", user->username},
        {"avatar_url", avatar_url(profile->avatar)},
        {"bio", profile->bio},
        {"status", profile->status},
        {"created_at", format_iso(user->created_at)},
    };
}

json::array UserService::search(std::string_view q) {
    validate_query(q);
    json::array users;
    for (const auto& user : backend_.users().fetch_by_prefix(q, kSearchLimit)) {
        const auto profile = backend_.profiles().fetch(user.id);
        if (!profile) {
            continue;  // deleted between the two reads
        }
        users.push_back(json::object{
            {"username", user.username},
            {"avatar_url", avatar_url(profile->avatar)},
            {"status", profile->status},
        });
    }
    return users;
}

storage::ProfileRecord UserService::own_profile(const Principal& principal) {
    auto profile = backend_.profiles().fetch(principal.id);
    if (!profile) {
        throw Error(Errc::kUnauthorized, "You need to sign in first.", "unauthorized");
    }
    return *profile;
}

json::object UserService::settings(const Principal& principal) {
    return settings_json(own_profile(principal));
}

json::object UserService::update_settings(const Principal& principal, const json::object& body) {
    auto profile = own_profile(principal);
    apply_settings(profile, body);
    if (!backend_.profiles().save(profile)) {
        throw Error(Errc::kUnauthorized, "You need to sign in first.", "unauthorized");
    }
    return settings_json(profile);
}

std::string UserService::set_avatar(const Principal& principal, const fs::path& body_file, std::string_view type) {
    const std::string name = avatars_.store(body_file, type);
    const auto user = backend_.users().fetch_by_id(principal.id);
    if (!user) {
        avatars_.remove(name);
        throw Error(Errc::kUnauthorized, "You need to sign in first.", "unauthorized");
    }
    if (const auto previous = backend_.profiles().replace_avatar(principal.id, name)) {
        avatars_.remove(*previous);
    }
    return AvatarFiles::url(name);
}

void UserService::clear_avatar(const Principal& principal) {
    if (const auto previous = backend_.profiles().replace_avatar(principal.id, std::nullopt)) {
        avatars_.remove(*previous);
    }
}

AvatarImage UserService::avatar(const std::string& name) const {
    auto image = avatars_.read(name);
    if (!image) {
        throw Error(Errc::kNotFound, "There is no such avatar.", "avatar_not_found");
    }
    return std::move(*image);
}

void UserService::delete_account(const storage::UserRecord& user) {
    const auto profile = backend_.profiles().fetch(user.id);
    const auto owned = backend_.files().list(user.id, unix_now());
    switch (backend_.users().delete_account(user.id, unix_now())) {
        case storage::AccountChange::kNotFound:
            throw user_not_found(user.username);
        case storage::AccountChange::kLastSuperadmin:
            throw last_superadmin();
        case storage::AccountChange::kDone:
            break;
    }
    sink_.disconnect_user(user.username);
    for (const auto& file : owned) {
        backend_.files().remove(file.id);
        std::error_code ignored;
        fs::remove(files::stored_file_path(avatars_.options().data_dir, file.id), ignored);
    }
    if (profile && profile->avatar) {
        avatars_.remove(*profile->avatar);
    }
    spdlog::info("account {} deleted ({} file(s) removed)", user.username, owned.size());
}

void UserService::delete_own_account(const Principal& principal, const std::string& password) {
    const auto user = backend_.users().fetch_by_id(principal.id);
    if (!user) {
        throw Error(Errc::kUnauthorized, "You need to sign in first.", "unauthorized");
    }
    if (!passwords_.verify(*user, password)) {
        throw Error(Errc::kForbidden, "That password is not right.", "invalid_password");
    }
    delete_account(*user);
}

void UserService::delete_user(const Principal& actor, const std::string& username) {
    require_superadmin(actor, "delete accounts");
    const auto user = backend_.users().fetch_by_name(username);
    if (!user) {
        throw user_not_found(username);
    }
    delete_account(*user);
    backend_.audit().insert(actor.username, "user_delete", user->username, "{}");
}

json::object UserService::set_role(const Principal& actor, const std::string& username, const std::string& role) {
    require_superadmin(actor, "change roles");
    auth::validate_role(role);
    auto user = backend_.users().fetch_by_name(username);
    if (!user) {
        throw user_not_found(username);
    }
    switch (backend_.users().change_role(user->id, role)) {
        case storage::AccountChange::kNotFound:
            throw user_not_found(username);
        case storage::AccountChange::kLastSuperadmin:
            throw last_superadmin();
        case storage::AccountChange::kDone:
            break;
    }
    backend_.audit().insert(
        actor.username,
        "role_set",
        user->username,
        json::serialize(json::object{{"role", role}, {"previous", user->role}})
    );
    // Open sockets hold the role they connected with: a demoted user reconnects with the new one.
    if (role_rank(role) < role_rank(user->role)) {
        sink_.disconnect_user(user->username);
    }
    user->role = role;
    return json::object{
        {"id", user->id},
        {"username", user->username},
        {"role", user->role},
        {"banned", user->banned},
        {"created_at", format_iso(user->created_at)},
    };
}

}  // namespace chatter::users
