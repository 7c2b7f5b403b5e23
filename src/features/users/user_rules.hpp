#pragma once
// Validation of the caller's own settings and of user searches (docs/api-files-admin.md, Users
// and Settings). Pure functions: unit-tested in user_rules_test.cpp.

#include <boost/json/object.hpp>

#include <cstddef>
#include <string_view>

#include "storage/profile_store.hpp"

namespace chatter::users {

inline constexpr size_t kMaxBioChars = 300;
inline constexpr size_t kMaxStatusChars = 100;
inline constexpr size_t kMaxQueryChars = 32;
inline constexpr int kSearchLimit = 20;

/// Applies a `POST /api/settings` body (any subset of theme, bio, status, language, email,
/// allow_dms, notifications{mentions, dms, sounds}) to `profile`. Every field is checked before
/// the caller stores anything: the first bad one throws Error(kBadRequest, "invalid_<field>"),
/// an unknown field throws "unknown_field".
void apply_settings(storage::ProfileRecord& profile, const boost::json::object& body);

/// `{theme, bio, status, language, email, allow_dms, notifications: {mentions, dms, sounds}}`.
boost::json::object settings_json(const storage::ProfileRecord& profile);

/// Throws Error(kBadRequest, "invalid_query") unless `q` has 1–32 characters and no control
/// characters.
void validate_query(std::string_view q);

/// Number of Unicode code points in valid UTF-8 text.
size_t utf8_length(std::string_view text);

}  // namespace chatter::users
