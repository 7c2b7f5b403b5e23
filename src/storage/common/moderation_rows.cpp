#include "storage/common/moderation_rows.hpp"

#include <fmt/format.h>

#include <chrono>

namespace chatter::storage::common {

namespace {

constexpr int64_t kDaySeconds = 86400;

std::string day_text(int64_t day_number) {
    const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day_number}}};
    return fmt::format(
        "{:04}-{:02}-{:02}",
        static_cast<int>(ymd.year()),
        static_cast<unsigned>(ymd.month()),
        static_cast<unsigned>(ymd.day())
    );
}

}  // namespace

int64_t counted_since(int64_t now, int days) {
    return (now / kDaySeconds - days + 1) * kDaySeconds;
}

std::vector<DayCount> day_counts(const std::map<int64_t, int64_t>& counts, int64_t now, int days) {
    std::vector<DayCount> out;
    for (int64_t day = counted_since(now, days) / kDaySeconds; day <= now / kDaySeconds; ++day) {
        const auto it = counts.find(day);
        out.push_back(DayCount{day_text(day), it == counts.end() ? 0 : it->second});
    }
    return out;
}

}  // namespace chatter::storage::common
