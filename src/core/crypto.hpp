#pragma once
// Randomness, hashing and password hashing (libsodium). Call `crypto_init()` once at start-up.

#include <string>
#include <string_view>

namespace chatter::crypto {

/// Initialises libsodium; throws if it cannot. Safe to call more than once.
void crypto_init();

/// `bytes` random bytes, URL-safe base64 without padding (32 bytes → 43 characters).
std::string random_token(size_t bytes = 32);

/// `bytes` random bytes in lower-case hex (16 bytes → 32 characters): ids that are capabilities.
std::string random_hex(size_t bytes);

/// Lower-case hex SHA-256 of `data`: how session and API tokens are stored.
std::string sha256_hex(std::string_view data);

/// Constant-time comparison of two strings.
bool equal_constant_time(std::string_view a, std::string_view b);

/// argon2id hash in libsodium's encoded form. Slow on purpose: call from a worker thread only.
std::string hash_password(std::string_view password);

/// Verifies a password against a hash from hash_password. Slow on purpose: worker thread only.
bool verify_password(std::string_view password, const std::string& encoded_hash);

}  // namespace chatter::crypto
