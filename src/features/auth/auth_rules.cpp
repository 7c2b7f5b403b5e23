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

namespace {

// Code points in UTF-8 text: every byte that is not a continuation byte starts one.
size_t count_characters(std::string_view text) {
    size_t count = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++count;
        }
    }
    return count;
}

}  // namespace

void validate_password(std::string_view password) {
    const size_t characters = count_characters(password);
    if (characters < kMinPasswordLength) {
        throw Error(Errc::kBadRequest, "A password needs at least 8 characters.", "weak_password");
    }
    if (characters > kMaxPasswordLength || password.size() > 4 * kMaxPasswordLength) {
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
