#include "features/auth/auth_service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include <algorithm>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "features/auth/auth_rules.hpp"
#include "features/auth/password_guard.hpp"

namespace chatter::auth {

namespace {

constexpr int64_t kLastSeenEverySeconds = 60;
constexpr size_t kMaxTokenNameLength = 64;

Principal principal_of(const storage::UserRecord& user) {
    return Principal{user.id, user.username, user.role, std::nullopt, std::nullopt};
}

}  // namespace

AuthService::AuthService(storage::Backend& backend, const Config& config, RateLimiter& limiter)
    : backend_(backend), config_(config), limiter_(limiter) {}

const std::string& AuthService::dummy_hash() {
    std::call_once(dummy_once_, [this] { dummy_hash_ = crypto::hash_password(crypto::random_token(16)); });
    return dummy_hash_;
}

void AuthService::check_address(const ClientInfo& client) const {
    if (address_bans_ != nullptr && address_bans_->contains(client.ip)) {
        throw Error(Errc::kForbidden, "Your network address is banned from this server.", "address_banned");
    }
}

SessionGrant AuthService::open_session(const storage::UserRecord& user, const ClientInfo& client) {
    SessionGrant grant;
    grant.token = crypto::random_token(32);
    grant.expires_at = unix_now() + int64_t{config_.session_ttl_days} * 86400;
    storage::NewSession row{
        user.id, crypto::sha256_hex(grant.token), grant.expires_at, client.user_agent.substr(0, 256), client.ip};
    const auto stored = backend_.sessions().insert(row);
    grant.principal = principal_of(user);
    grant.principal.session_id = stored.id;
    return grant;
}

SessionGrant AuthService::register_user(
    const std::string& username,
    const std::string& password,
    const std::optional<std::string>& email,
    const ClientInfo& client
) {
    check_address(client);
    validate_username(username);
    validate_password(password);
    if (email && !email->empty()) {
        validate_email(*email);
    }
    if (backend_.users().count() > 0 && backend_.settings().fetch("INVITE_ONLY_MODE").value_or("0") == "1") {
        throw Error(
            Errc::kForbidden,
            "Registration is invite-only on this server: ask an administrator to create your account.",
            "registration_closed"
        );
    }
    if (int wait = limiter_.acquire("register-ip:" + client.ip, config_.register_per_ip_per_hour, 3600); wait > 0) {
        throw Error(
            Errc::kRateLimited, "Too many accounts were created from your address. Please try later.", "rate_limited"
        )
            .with_retry_after(wait);
    }
    storage::NewUser row{
        username, crypto::hash_password(password), "user", email && !email->empty() ? email : std::nullopt};
    const auto user = backend_.users().insert(row, /*first_becomes_superadmin=*/true);
    spdlog::info("account {} registered with role {}", user.username, user.role);
    return open_session(user, client);
}

SessionGrant AuthService::login(const std::string& username, const std::string& password, const ClientInfo& client) {
    check_address(client);
    const std::string account_key = PasswordGuard::account_key(username);
    const std::string ip_key = "login-ip:" + client.ip;
    // Attempts are counted before the (slow) password check, so parallel guesses cannot all slip
    // through before the first failure is recorded; a success gives its attempt back.
    int wait = limiter_.acquire(account_key, config_.login_attempts_per_account, config_.login_window_s);
    if (wait == 0) {
        wait = limiter_.acquire(ip_key, config_.login_attempts_per_ip, config_.login_window_s);
        if (wait > 0) {
            limiter_.release(account_key);
        }
    }
    if (wait > 0) {
        throw PasswordGuard::too_many_attempts(wait);
    }
    auto user = username.size() <= kMaxUsernameLength ? backend_.users().fetch_by_name(username) : std::nullopt;
    // Verify against a dummy hash for unknown names so timing does not reveal which names exist.
    const bool good =
        crypto::verify_password(password.substr(0, kMaxPasswordLength), user ? user->password_hash : dummy_hash());
    if (!user || !good) {
        throw Error(Errc::kUnauthorized, "Wrong username or password.", "invalid_credentials");
    }
    if (user->banned) {
        throw Error(
            Errc::kForbidden,
            user->ban_reason ? "This account is banned: " + *user->ban_reason : "This account is banned.",
            "banned"
        );
    }
    limiter_.reset(account_key);
    limiter_.release(ip_key);
    return open_session(*user, client);
}

void AuthService::logout(const Principal& principal) {
    if (principal.session_id) {
        backend_.sessions().delete_for_user(*principal.session_id, principal.id);
    }
}

std::optional<Principal> AuthService::authenticate_session(std::string_view token) {
    if (token.empty() || token.size() > 128) {
        return std::nullopt;
    }
    const int64_t now = unix_now();
    auto session = backend_.sessions().fetch_by_hash(crypto::sha256_hex(token), now);
    if (!session) {
        return std::nullopt;
    }
    auto user = backend_.users().fetch_by_id(session->user_id);
    if (!user || user->banned) {
        return std::nullopt;
    }
    if (now - session->last_seen_at >= kLastSeenEverySeconds) {
        backend_.sessions().update_last_seen(session->id, now);
    }
    Principal principal = principal_of(*user);
    principal.session_id = session->id;
    return principal;
}

std::optional<Principal> AuthService::authenticate_token(std::string_view token) {
    if (token.empty() || token.size() > 128) {
        return std::nullopt;
    }
    auto record = backend_.tokens().fetch_by_hash(crypto::sha256_hex(token));
    if (!record) {
        return std::nullopt;
    }
    auto user = backend_.users().fetch_by_id(record->user_id);
    if (!user || user->banned) {
        return std::nullopt;
    }
    const int64_t now = unix_now();
    if (!record->last_used_at || now - *record->last_used_at >= kLastSeenEverySeconds) {
        backend_.tokens().update_last_used(record->id, now);
    }
    Principal principal = principal_of(*user);
    principal.token_id = record->id;
    return principal;
}

std::vector<storage::SessionRecord> AuthService::list_sessions(const Principal& principal) {
    return backend_.sessions().fetch_for_user(principal.id, unix_now());
}

void AuthService::revoke_session(const Principal& principal, int64_t session_id) {
    if (!backend_.sessions().delete_for_user(session_id, principal.id)) {
        throw Error(Errc::kNotFound, "You have no session with that id.");
    }
}

int64_t AuthService::change_password(const Principal& principal, const std::string& current, const std::string& next) {
    auto user = backend_.users().fetch_by_id(principal.id);
    if (!user) {
        throw Error(Errc::kUnauthorized, "You need to sign in first.", "unauthorized");
    }
    if (!PasswordGuard(limiter_, config_).verify(*user, current)) {
        throw Error(Errc::kForbidden, "The current password is not right.", "invalid_credentials");
    }
    validate_password(next);
    backend_.users().update_password(user->id, crypto::hash_password(next));
    return backend_.sessions().delete_all_for_user(user->id, principal.session_id);
}

CreatedToken AuthService::create_token(const Principal& principal, const std::string& name) {
    if (name.empty() || name.size() > kMaxTokenNameLength) {
        throw Error(Errc::kBadRequest, "A token name has 1 to 64 characters.", "invalid_field");
    }
    CreatedToken created;
    created.token = crypto::random_token(32);
    created.record = backend_.tokens().insert(
        principal.id, name, crypto::sha256_hex(created.token), config_.max_api_tokens_per_user
    );
    return created;
}

std::vector<storage::ApiTokenRecord> AuthService::list_tokens(const Principal& principal) {
    return backend_.tokens().fetch_for_user(principal.id);
}

void AuthService::delete_token(const Principal& principal, int64_t token_id) {
    if (!backend_.tokens().delete_for_user(token_id, principal.id)) {
        throw Error(Errc::kNotFound, "You have no API token with that id.");
    }
}

storage::UserRecord AuthService::create_user(
    const std::string& username, const std::string& password, const std::string& role
) {
    validate_username(username);
    validate_password(password);
    validate_role(role);
    storage::NewUser row{username, crypto::hash_password(password), role, std::nullopt};
    return backend_.users().insert(row, /*first_becomes_superadmin=*/false);
}

bool is_system_account(const storage::UserRecord& user) {
    return user.username == "System" && user.password_hash == "!";
}

int64_t AuthService::replace_password(const storage::UserRecord& user, const std::string& password) {
    validate_password(password);
    backend_.users().update_password(user.id, crypto::hash_password(password));
    return backend_.sessions().delete_all_for_user(user.id, std::nullopt);
}

std::pair<std::string, int64_t> AuthService::reset_password(const std::string& username, const std::string& password) {
    auto user = username.size() <= kMaxUsernameLength ? backend_.users().fetch_by_name(username) : std::nullopt;
    if (!user || is_system_account(*user)) {
        throw Error(Errc::kNotFound, fmt::format("There is no account called {}.", username), "user_not_found");
    }
    const int64_t revoked = replace_password(*user, password);
    backend_.audit().insert(
        "(command line)",
        "password_reset",
        user->username,
        boost::json::serialize(boost::json::object{{"sessions_revoked", revoked}})
    );
    return {user->username, revoked};
}

}  // namespace chatter::auth
