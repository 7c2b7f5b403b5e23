#pragma once
// Time in Chatter: stored as UTC unix seconds, sent as ISO 8601 with `Z` (architecture.md §5).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chatter {

/// Current UTC time in unix seconds.
int64_t unix_now();

/// Current time in milliseconds since an arbitrary steady epoch (for rate limits and timers).
int64_t steady_now_ms();

/// `2025-01-15T10:30:00Z` for a unix-seconds value.
std::string format_iso(int64_t unix_seconds);

/// Parses `YYYY-MM-DDTHH:MM:SSZ` (the form format_iso writes); nullopt on anything else.
std::optional<int64_t> parse_iso(std::string_view text);

}  // namespace chatter
