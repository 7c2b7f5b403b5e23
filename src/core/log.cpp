#include "core/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <stdexcept>
#include <string>

namespace chatter {

void init_logging(std::string_view level) {
    const auto lvl = spdlog::level::from_str(std::string(level));
    if (lvl == spdlog::level::off && level != "off") {
        throw std::invalid_argument("unknown log level: " + std::string(level));
    }
    auto logger = spdlog::stderr_color_mt("chatter");
    spdlog::set_default_logger(logger);
    spdlog::set_level(lvl);
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
    spdlog::flush_on(spdlog::level::info);
}

}  // namespace chatter
