#include "features/admin/alert_service.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/time.hpp"
#include "features/admin/admin_service.hpp"
#include "features/messages/message_rules.hpp"

namespace chatter::admin {

namespace json = boost::json;

namespace {

// The System account owns System's messages. It is created on first use (never by a migration, so
// the first registration on an empty database still becomes the superadmin); its password hash is
// not an argon2id string, so nobody can sign in as it, and "system" is a reserved username.
constexpr std::string_view kSystemName = "System";
constexpr std::string_view kNoPassword = "!";

}  // namespace

json::object alert_json(const storage::AlertRecord& alert) {
    return json::object{
        {"id", alert.id},
        {"text", alert.text},
        {"level", alert.level},
        {"created_by", alert.created_by},
        {"created_at", format_iso(alert.created_at)},
        {"expires_at", alert.expires_at ? json::value(format_iso(*alert.expires_at)) : json::value(nullptr)},
    };
}

std::vector<storage::AlertRecord> AlertService::active() {
    return backend_.alerts().active(unix_now());
}

storage::AlertRecord AlertService::create(
    const Principal& caller,
    const std::string& text,
    const std::string& level,
    const std::optional<std::string>& expires_at
) {
    require_admin(caller, "post alerts");
    const size_t chars = messages::char_count(text);
    if (chars == 0 || chars > kMaxAlertChars || text.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw Error(Errc::kBadRequest, "An alert has 1 to 500 characters.", "invalid_text");
    }
    if (level != "info" && level != "warning" && level != "critical") {
        throw Error(Errc::kBadRequest, "An alert's level is info, warning or critical.", "invalid_level");
    }
    std::optional<int64_t> expiry;
    if (expires_at) {
        expiry = parse_iso(*expires_at);
        if (!expiry || *expiry <= unix_now()) {
            throw Error(
                Errc::kBadRequest,
                "expires_at must be a time in the future, like 2030-01-01T12:00:00Z.",
                "invalid_expires_at"
            );
        }
    }
    auto alert = backend_.alerts().insert(text, level, caller.username, expiry);
    backend_.audit().insert(
        caller.username, "alert_create", std::to_string(alert.id), json::serialize(json::object{{"level", level}})
    );
    sink_.to_all("alert", alert_json(alert));
    return alert;
}

void AlertService::remove(const Principal& caller, int64_t id) {
    require_admin(caller, "remove alerts");
    if (!backend_.alerts().remove(id)) {
        throw Error(Errc::kNotFound, "There is no alert with that id.", "alert_not_found");
    }
    backend_.audit().insert(caller.username, "alert_delete", std::to_string(id), "{}");
    sink_.to_all("alert_removed", json::object{{"id", id}});
}

Principal AlertService::system_principal() {
    auto user = backend_.users().fetch_by_name(kSystemName);
    if (!user) {
        try {
            user = backend_.users().insert(
                storage::NewUser{std::string(kSystemName), std::string(kNoPassword), "user", std::nullopt}, false
            );
        } catch (const Error&) {
            // Two first posts raced: the other one created it.
            user = backend_.users().fetch_by_name(kSystemName);
            if (!user) {
                throw;
            }
        }
    }
    if (user->username != kSystemName || user->password_hash != kNoPassword) {
        throw Error(Errc::kInternal, "An account named System exists that is not the System account.");
    }
    // Admin rights inside the send path: System may post while maintenance or announcements-only
    // is on, like the administrator who asked it to.
    return Principal{user->id, user->username, "admin", std::nullopt, std::nullopt};
}

json::object AlertService::post_as_system(
    const Principal& caller, const std::string& channel, const std::string& text
) {
    require_admin(caller, "post as System");
    const Principal system = system_principal();
    auto message = channels_.send(system, channel, messages::SendRequest{text, std::nullopt, std::nullopt});
    backend_.audit().insert(
        caller.username, "system_message", channel, json::serialize(json::object{{"message_id", message.at("id")}})
    );
    return message;
}

}  // namespace chatter::admin
