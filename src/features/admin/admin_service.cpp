#include "features/admin/admin_service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/time.hpp"
#include "features/auth/auth_rules.hpp"
#include "features/messages/message_rules.hpp"

namespace chatter::admin {

namespace json = boost::json;

namespace {

constexpr int kOverviewDays = 14;
constexpr int kMaxPage = 200;
constexpr size_t kMaxQueryChars = 32;

void check_page(int limit, int offset) {
    if (limit < 1 || limit > kMaxPage || offset < 0) {
        throw Error(Errc::kBadRequest, "limit must be 1 to 200 and offset 0 or more.", "invalid_query");
    }
}

}  // namespace

void require_admin(const Principal& principal, std::string_view what) {
    if (!principal.is_admin()) {
        throw Error(Errc::kForbidden, fmt::format("Only administrators can {}.", what), "admin_required");
    }
}

void require_superadmin(const Principal& principal, std::string_view what) {
    if (!principal.is_superadmin()) {
        throw Error(Errc::kForbidden, fmt::format("Only a superadmin can {}.", what), "superadmin_required");
    }
}

std::string checked_reason(const std::string& text, std::string_view code) {
    const size_t first = text.find_first_not_of(" \t\r\n");
    std::string trimmed =
        first == std::string::npos ? std::string{} : text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
    if (messages::char_count(trimmed) > kMaxReasonChars) {
        throw Error(Errc::kBadRequest, "A reason or note has at most 500 characters.", std::string(code));
    }
    return trimmed;
}

json::object audit_json(const storage::AuditRecord& record) {
    json::value detail = json::object{};
    boost::system::error_code ec;
    if (auto parsed = json::parse(record.details, ec); !ec) {
        detail = std::move(parsed);
    }
    return json::object{
        {"id", record.id},
        {"actor", record.actor},
        {"action", record.action},
        {"target", record.target},
        {"detail", std::move(detail)},
        {"created_at", format_iso(record.created_at)},
    };
}

AdminService::AdminService(
    storage::Backend& backend,
    EventSink& sink,
    auth::AuthService& auth,
    net::NetworkSet& address_bans,
    std::function<int64_t()> online,
    std::function<void()> bans_changed
)
    : backend_(backend),
      sink_(sink),
      auth_(auth),
      address_bans_set_(address_bans),
      online_(std::move(online)),
      bans_changed_(std::move(bans_changed)) {}

void load_address_bans(storage::Backend& backend, net::NetworkSet& set) {
    std::vector<net::IpNetwork> networks;
    for (const auto& ban : backend.moderation().address_bans()) {
        if (auto network = net::parse_network(ban.network)) {
            networks.push_back(*network);
        }
    }
    set.replace(std::move(networks));
}

void AdminService::load_address_bans() {
    admin::load_address_bans(backend_, address_bans_set_);
}

storage::UserRecord AdminService::target(const std::string& username) {
    auto user = username.size() <= auth::kMaxUsernameLength ? backend_.users().fetch_by_name(username) : std::nullopt;
    if (!user) {
        throw Error(Errc::kNotFound, fmt::format("There is no user called {}.", username), "user_not_found");
    }
    return *user;
}

void AdminService::check_can_moderate(
    const Principal& caller, const storage::UserRecord& target, std::string_view what
) {
    if (target.id == caller.id) {
        throw Error(Errc::kForbidden, fmt::format("You cannot {} yourself.", what), "cannot_moderate");
    }
    if (auth::is_system_account(target) || target.role == "superadmin") {
        throw Error(Errc::kForbidden, fmt::format("Nobody can {} {}.", what, target.username), "cannot_moderate");
    }
    if (target.role == "admin" && !caller.is_superadmin()) {
        throw Error(
            Errc::kForbidden, fmt::format("Only a superadmin can {} an administrator.", what), "superadmin_required"
        );
    }
}

void AdminService::audit_action(
    const Principal& caller, const std::string& action, const std::string& target, const json::object& detail
) {
    backend_.audit().insert(caller.username, action, target, json::serialize(detail));
}

UserPage AdminService::list_users(const Principal& caller, const std::string& q, int limit, int offset) {
    require_admin(caller, "list users");
    check_page(limit, offset);
    if (q.size() > kMaxQueryChars) {
        throw Error(Errc::kBadRequest, "A search has at most 32 characters.", "invalid_query");
    }
    UserPage page;
    page.total = backend_.admin_queries().users_matching(q);
    const int64_t now = unix_now();
    for (const auto& user : backend_.admin_queries().users_page(q, limit, offset)) {
        const auto timeout = backend_.moderation().active_timeout(user.id, now);
        page.users.push_back(json::object{
            {"id", user.id},
            {"username", user.username},
            {"role", user.role},
            {"banned", user.banned},
            {"ban_reason", user.ban_reason ? json::value(*user.ban_reason) : json::value(nullptr)},
            {"timeout_until", timeout ? json::value(format_iso(timeout->until)) : json::value(nullptr)},
            {"system", auth::is_system_account(user)},
            {"created_at", format_iso(user.created_at)},
        });
    }
    return page;
}

json::object AdminService::create_user(
    const Principal& caller, const std::string& username, const std::string& password, const std::string& role
) {
    require_admin(caller, "create users");
    auth::validate_role(role);
    if (role != "user") {
        require_superadmin(caller, "create administrators");
    }
    const auto user = auth_.create_user(username, password, role);
    audit_action(caller, "user_create", user.username, json::object{{"role", user.role}});
    return json::object{
        {"id", user.id},
        {"username", user.username},
        {"role", user.role},
        {"banned", false},
        {"created_at", format_iso(user.created_at)},
    };
}

void AdminService::reset_password(const Principal& caller, const std::string& username, const std::string& password) {
    require_admin(caller, "reset passwords");
    const auto user = target(username);
    if (auth::is_system_account(user)) {
        throw Error(Errc::kForbidden, "The System account has no password.", "cannot_moderate");
    }
    if (user.role != "user" && user.id != caller.id) {
        require_superadmin(caller, "reset an administrator's password");
    }
    const int64_t revoked = auth_.replace_password(user, password);
    sink_.disconnect_user(user.username);
    audit_action(caller, "password_reset", user.username, json::object{{"sessions_revoked", revoked}});
}

void AdminService::ban(const Principal& caller, const std::string& username, const std::string& reason) {
    require_admin(caller, "ban users");
    const std::string why = checked_reason(reason, "invalid_reason");
    const auto user = target(username);
    check_can_moderate(caller, user, "ban");
    if (user.banned) {
        throw Error(Errc::kConflict, fmt::format("{} is already banned.", user.username), "already_banned");
    }
    backend_.users().update_banned(user.id, true, why.empty() ? std::nullopt : std::optional<std::string>(why));
    sink_.disconnect_user(user.username);
    audit_action(caller, "ban", user.username, json::object{{"reason", why}});
    spdlog::info("admin {} banned {}", caller.username, user.username);
}

void AdminService::unban(const Principal& caller, const std::string& username) {
    require_admin(caller, "unban users");
    const auto user = target(username);
    if (!user.banned) {
        throw Error(Errc::kConflict, fmt::format("{} is not banned.", user.username), "not_banned");
    }
    backend_.users().update_banned(user.id, false, std::nullopt);
    audit_action(caller, "unban", user.username, json::object{});
}

int64_t AdminService::timeout(
    const Principal& caller, const std::string& username, int64_t seconds, const std::string& reason
) {
    require_admin(caller, "time users out");
    if (seconds < 1 || seconds > kMaxTimeoutSeconds) {
        throw Error(
            Errc::kBadRequest, "A timeout lasts from 1 second to 30 days (2592000 seconds).", "invalid_seconds"
        );
    }
    const std::string why = checked_reason(reason, "invalid_reason");
    const auto user = target(username);
    check_can_moderate(caller, user, "time out");
    const int64_t until = unix_now() + seconds;
    backend_.moderation().set_timeout(user.id, until, why, caller.username);
    audit_action(caller, "timeout", user.username, json::object{{"seconds", seconds}, {"reason", why}});
    sink_.to_user(user.username, "timeout_set", json::object{{"until", format_iso(until)}, {"reason", why}});
    return until;
}

void AdminService::remove_timeout(const Principal& caller, const std::string& username) {
    require_admin(caller, "lift timeouts");
    const auto user = target(username);
    if (!backend_.moderation().remove_timeout(user.id, unix_now())) {
        throw Error(Errc::kNotFound, fmt::format("{} is not timed out.", user.username), "timeout_not_found");
    }
    audit_action(caller, "timeout_remove", user.username, json::object{});
    sink_.to_user(user.username, "timeout_cleared", json::object{});
}

std::vector<storage::AddressBanRecord> AdminService::address_bans(const Principal& caller) {
    require_admin(caller, "see address bans");
    return backend_.moderation().address_bans();
}

storage::AddressBanRecord AdminService::ban_address(
    const Principal& caller, const std::string& address, const std::string& reason, const std::string& caller_ip
) {
    require_admin(caller, "ban addresses");
    const std::string why = checked_reason(reason, "invalid_reason");
    const auto network = net::parse_network(address);
    if (!network) {
        throw Error(
            Errc::kBadRequest,
            "That is not an IPv4 or IPv6 address or CIDR network (like 203.0.113.7 or 2001:db8::/32).",
            "invalid_address"
        );
    }
    for (const auto* protected_address : {"127.0.0.1", "::1"}) {
        if (network->contains(*net::parse_network(protected_address))) {
            throw Error(Errc::kBadRequest, "Loopback addresses cannot be banned.", "address_refused");
        }
    }
    if (const auto own = net::parse_network(caller_ip); own && network->contains(*own)) {
        throw Error(Errc::kBadRequest, "That would ban your own address.", "address_refused");
    }
    auto record = backend_.moderation().insert_address_ban(network->text(), why, caller.username);
    load_address_bans();
    if (bans_changed_) {
        bans_changed_();
    }
    audit_action(caller, "address_ban", record.network, json::object{{"reason", why}});
    return record;
}

void AdminService::unban_address(const Principal& caller, int64_t id) {
    require_admin(caller, "lift address bans");
    for (const auto& ban : backend_.moderation().address_bans()) {
        if (ban.id == id && backend_.moderation().remove_address_ban(ban.network)) {
            load_address_bans();
            if (bans_changed_) {
                bans_changed_();
            }
            audit_action(caller, "address_unban", ban.network, json::object{});
            return;
        }
    }
    throw Error(Errc::kNotFound, "There is no address ban with that id.", "ban_not_found");
}

std::vector<storage::AuditRecord> AdminService::audit(
    const Principal& caller, std::optional<int64_t> before, int limit
) {
    require_admin(caller, "read the audit log");
    check_page(limit, 0);
    return backend_.audit().fetch_page(before, limit);
}

json::object AdminService::overview(const Principal& caller) {
    require_admin(caller, "see the overview");
    const int64_t now = unix_now();
    const auto days = backend_.admin_queries().messages_per_day(now, kOverviewDays);
    json::array per_day;
    for (const auto& day : days) {
        per_day.push_back(json::object{{"day", day.day}, {"count", day.count}});
    }
    return json::object{
        {"users", backend_.users().count()},
        {"online", online_()},
        {"messages_today", days.empty() ? 0 : days.back().count},
        {"files", static_cast<int64_t>(backend_.files().list(std::nullopt, now).size())},
        {"storage_bytes", backend_.files().total_bytes(now)},
        {"messages_per_day", std::move(per_day)},
    };
}

}  // namespace chatter::admin
