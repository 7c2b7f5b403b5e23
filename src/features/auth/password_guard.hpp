#pragma once
// Password checks counted against one per-account budget of failed attempts: the sign-in form and
// the confirmations of a signed-in user (password change, account deletion) share it, so a stolen
// session cannot be used to guess the password faster than the sign-in form allows.

#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/rate_limiter.hpp"
#include "storage/user_store.hpp"

namespace chatter::auth {

class PasswordGuard {
  public:
    PasswordGuard(RateLimiter& limiter, const Config& config) : limiter_(limiter), config_(config) {}

    /// The limiter key of failed password attempts for `username` (case-insensitive).
    static std::string account_key(std::string_view username);

    /// 429 rate_limited with retry_after_s, worded for the user.
    static Error too_many_attempts(int wait_s);

    /// True when `password` is `user`'s. Throws too_many_attempts while the account's failed
    /// attempts are used up. The attempt is counted before the (slow) check so parallel guesses
    /// cannot all slip through; a right password gives it back.
    bool verify(const storage::UserRecord& user, std::string_view password);

  private:
    RateLimiter& limiter_;
    const Config& config_;
};

}  // namespace chatter::auth
