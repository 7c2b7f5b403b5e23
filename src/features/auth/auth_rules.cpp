#include "features/auth/auth_rules.hpp"

#include <array>
#include <cctype>
#include <string>

#include "core/error.hpp"

namespace chatter::auth {

namespace {

// Names that would impersonate the system or address everyone in a mention.
constexpr std::array<std::string_view, 10> kReserved{
    "system",
    "admin",
    "administrator",
    "root",
    "chatter",
    "everyone",
    "here",
    "null",
    "undefined",
    "moderator",
};

}  // namespace

void validate_username(std::string_view username) {
    if (username.empty() || username.size() > kMaxUsernameLength) {
        throw Error(Errc::kBadRequest, "A username has 1 to 32 characters.", "invalid_username");
    }
    for (const char c : username) {
        const auto u = static_cast<unsigned char>(c);
        if (!(std::isalnum(u) != 0 || c == '_' || c == '.' || c == '-') || u >= 0x80) {
            throw Error(
                Errc::kBadRequest, "A username may contain only letters, digits, '_', '.' and '-'.", "invalid_username"
            );
        }
    }
    std::string lower(username);
    for (char& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (auto reserved : kReserved) {
        if (lower == reserved) {
            throw Error(Errc::kBadRequest, "That username is reserved. Please choose another.", "invalid_username");
        }
    }
}

void validate_password(std::string_view password) {
    if (password.size() < kMinPasswordLength) {
        throw Error(Errc::kBadRequest, "A password needs at least 8 characters.", "weak_password");
    }
    if (password.size() > kMaxPasswordLength) {
        throw Error(Errc::kBadRequest, "A password may have at most 1024 characters.", "weak_password");
    }
}

void validate_email(std::string_view email) {
    const size_t at = email.find('@');
    const bool ok = email.size() <= 254 && at != std::string_view::npos && at > 0 &&
                    email.find('.', at) != std::string_view::npos && email.back() != '.' &&
                    email.find_first_of(" \t\r\n<>\"") == std::string_view::npos;
    if (!ok) {
        throw Error(Errc::kBadRequest, "That e-mail address does not look right.", "invalid_email");
    }
}

void validate_role(std::string_view role) {
    if (role != "user" && role != "admin" && role != "superadmin") {
        throw Error(Errc::kBadRequest, "A role is one of user, admin or superadmin.", "invalid_role");
    }
}

}  // namespace chatter::auth
