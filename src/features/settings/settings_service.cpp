#include "features/settings/settings_service.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <array>

#include "core/error.hpp"
#include "core/json_fields.hpp"

namespace chatter::settings {

namespace json = boost::json;

namespace {

struct KeySpec {
    std::string_view key;
    std::string_view fallback;
    bool toggle;  // "0"/"1"; otherwise an integer in [min, max]
    int64_t min;
    int64_t max;
};

// The original's defaults (original-behaviour.md §4): everything on except maintenance and
// announcements-only. SEND_RATE_* replace the original's hard-coded anti-spam gap.
constexpr std::array kKeys{
    KeySpec{kPublicEnabled, "1", true, 0, 1},     KeySpec{kDmEnabled, "1", true, 0, 1},
    KeySpec{kGdmEnabled, "1", true, 0, 1},        KeySpec{kMaintenanceMode, "0", true, 0, 1},
    KeySpec{kAnnouncementsOnly, "0", true, 0, 1}, KeySpec{kInviteOnlyMode, "0", true, 0, 1},
    KeySpec{kEditMessages, "1", true, 0, 1},      KeySpec{kDeleteMessages, "1", true, 0, 1},
    KeySpec{kPinMessage, "1", true, 0, 1},        KeySpec{kLockGroup, "1", true, 0, 1},
    KeySpec{kUnlockGroup, "1", true, 0, 1},       KeySpec{kRemoveUser, "1", true, 0, 1},
    KeySpec{kTransferOwnership, "1", true, 0, 1}, KeySpec{kDeleteGroup, "1", true, 0, 1},
    KeySpec{kForceLeaveGroup, "1", true, 0, 1},   KeySpec{kSaveDmLogs, "1", true, 0, 1},
    KeySpec{kSendRateMax, "20", false, 0, 10000}, KeySpec{kSendRateWindow, "10", false, 1, 3600},
    KeySpec{kVoiceEnabled, "1", true, 0, 1},
};

const KeySpec* find_spec(std::string_view key) {
    for (const auto& spec : kKeys) {
        if (spec.key == key) {
            return &spec;
        }
    }
    return nullptr;
}

Error invalid(std::string_view key, std::string_view expected) {
    return Error(Errc::kBadRequest, fmt::format("Setting {} must be {}.", key, expected), "invalid_setting");
}

/// The stored form of a submitted value, or Error(invalid_setting).
std::string normalise(const KeySpec& spec, const json::value& value) {
    std::optional<int64_t> number;
    if (value.is_bool()) {
        number = value.get_bool() ? 1 : 0;
    } else if (value.is_int64()) {
        number = value.get_int64();
    } else if (value.is_uint64() && value.get_uint64() <= 1'000'000'000ULL) {
        number = static_cast<int64_t>(value.get_uint64());
    } else if (value.is_string()) {
        const std::string_view text = value.get_string();
        if (spec.toggle && (text == "true" || text == "false")) {
            number = text == "true" ? 1 : 0;
        } else {
            number = json_fields::parse_int(text);
        }
    }
    if (!number || *number < spec.min || *number > spec.max) {
        throw spec.toggle ? invalid(spec.key, "0 or 1")
                          : invalid(spec.key, fmt::format("an integer from {} to {}", spec.min, spec.max));
    }
    return std::to_string(*number);
}

}  // namespace

bool SettingsSnapshot::flag(std::string_view key) const {
    auto it = values_.find(std::string(key));
    return it != values_.end() && it->second == "1";
}

int64_t SettingsSnapshot::integer(std::string_view key) const {
    auto it = values_.find(std::string(key));
    return it == values_.end() ? 0 : json_fields::parse_int(it->second).value_or(0);
}

void require_admin(const Principal& principal) {
    if (!principal.is_admin()) {
        throw Error(Errc::kForbidden, "Only administrators can do that.", "forbidden");
    }
}

SettingsSnapshot SettingsService::snapshot() {
    const auto stored = backend_.settings().fetch_all();
    std::map<std::string, std::string> values;
    for (const auto& spec : kKeys) {
        auto it = stored.find(std::string(spec.key));
        // A stored value that no longer validates (edited by hand) falls back to the default.
        std::string value(spec.fallback);
        if (it != stored.end()) {
            try {
                value = normalise(spec, json::value(it->second));
            } catch (const Error&) {
            }
        }
        values.emplace(spec.key, std::move(value));
    }
    return SettingsSnapshot(std::move(values));
}

SettingsSnapshot SettingsService::update(const Principal& principal, const json::object& values) {
    require_admin(principal);
    std::map<std::string, std::string> changes;
    for (const auto& [key, value] : values) {
        const KeySpec* spec = find_spec(key);
        if (spec == nullptr) {
            throw Error(
                Errc::kBadRequest,
                fmt::format("There is no setting called {}.", std::string_view(key)),
                "unknown_setting"
            );
        }
        changes.emplace(std::string(key), normalise(*spec, value));
    }
    backend_.settings().upsert(changes);
    json::object details;
    for (const auto& [key, value] : changes) {
        details[key] = value;
    }
    backend_.audit().insert(principal.username, "settings.update", "", json::serialize(details));
    auto current = snapshot();
    sink_.to_all("messaging_config", messaging_config(current));
    return current;
}

json::object SettingsService::messaging_config(const SettingsSnapshot& snapshot) {
    return json::object{
        {"public_enabled", snapshot.flag(kPublicEnabled)},
        {"dm_enabled", snapshot.flag(kDmEnabled)},
        {"gdm_enabled", snapshot.flag(kGdmEnabled)},
        {"maintenance_mode", snapshot.flag(kMaintenanceMode)},
        {"announcements_only", snapshot.flag(kAnnouncementsOnly)},
        {"dm_logging", snapshot.flag(kSaveDmLogs)},
    };
}

}  // namespace chatter::settings
