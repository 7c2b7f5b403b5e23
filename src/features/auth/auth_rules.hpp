#pragma once
// Account rules shared by registration, admin user creation and the `chatterd user create` CLI.

#include <string_view>

namespace chatter::auth {

constexpr size_t kMaxUsernameLength = 32;
constexpr size_t kMinPasswordLength = 8;
constexpr size_t kMaxPasswordLength = 1024;

/// Throws Error(kBadRequest, "invalid_username") unless 1–32 of `A-Za-z0-9_.-` and not reserved.
void validate_username(std::string_view username);

/// Throws Error(kBadRequest, "weak_password") unless 8–1024 characters (UTF-8 code points).
void validate_password(std::string_view password);

/// Throws Error(kBadRequest, "invalid_email") unless it looks like an address (and ≤ 254 bytes).
void validate_email(std::string_view email);

/// Throws Error(kBadRequest, "invalid_role") unless "user", "admin" or "superadmin".
void validate_role(std::string_view role);

}  // namespace chatter::auth
