#include "features/auth/password_guard.hpp"

#include <fmt/format.h>

#include "core/crypto.hpp"
#include "features/auth/auth_rules.hpp"

namespace chatter::auth {

std::string PasswordGuard::account_key(std::string_view username) {
    std::string key = "login-account:";
    for (const char c : username) {
        key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return key;
}

Error PasswordGuard::too_many_attempts(int wait_s) {
    return Error(
               Errc::kRateLimited,
               fmt::format("Too many wrong passwords. Please wait {} seconds and try again.", wait_s),
               "rate_limited"
    )
        .with_retry_after(wait_s);
}

bool PasswordGuard::verify(const storage::UserRecord& user, std::string_view password) {
    const std::string key = account_key(user.username);
    if (const int wait = limiter_.acquire(key, config_.login_attempts_per_account, config_.login_window_s); wait > 0) {
        throw too_many_attempts(wait);
    }
    if (!crypto::verify_password(password.substr(0, kMaxPasswordLength), user.password_hash)) {
        return false;
    }
    limiter_.release(key);
    return true;
}

}  // namespace chatter::auth
