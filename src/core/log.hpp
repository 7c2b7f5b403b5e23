#pragma once
// Logging through spdlog. `init_logging` once at start-up; then spdlog::info(...) anywhere.

#include <string_view>

namespace chatter {

/// Sets the global level ("trace", "debug", "info", "warn", "error", "off") and the line format.
/// Throws std::invalid_argument for an unknown level.
void init_logging(std::string_view level);

}  // namespace chatter
