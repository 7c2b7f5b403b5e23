#include "storage/common/store_rules.hpp"

namespace chatter::storage::common {

void check_role(const std::string& role) {
    if (role != "user" && role != "admin" && role != "superadmin") {
        throw Error(Errc::kBadRequest, "That role does not exist.", "invalid_role");
    }
}

AccountChange superadmin_rule(const RoleCheck& check, const std::optional<std::string>& new_role) {
    if (!check.role) {
        return AccountChange::kNotFound;
    }
    const bool stays_superadmin = new_role && *new_role == "superadmin";
    if (*check.role == "superadmin" && !stays_superadmin && !check.other_superadmin) {
        return AccountChange::kLastSuperadmin;
    }
    return AccountChange::kDone;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::optional<KeyRange> username_key_range(std::string_view prefix) {
    constexpr char kFirstPrintable = ' ';
    constexpr char kLastPrintable = '~';
    for (const char c : prefix) {
        if (c < kFirstPrintable || c > kLastPrintable) {
            return std::nullopt;
        }
    }
    KeyRange range{.low = ascii_lower(prefix), .high = std::nullopt};
    // The smallest string above every key with this prefix lets the search use the key index as a
    // range. Trailing '~' cannot be incremented within printable ASCII: drop it and carry.
    std::string high = range.low;
    while (!high.empty() && high.back() == kLastPrintable) {
        high.pop_back();
    }
    if (!high.empty()) {
        high.back() = static_cast<char>(high.back() + 1);
        range.high = std::move(high);
    }
    return range;
}

}  // namespace chatter::storage::common
