#pragma once
// Column lists and row readers of the moderation tables, and the per-day message counts of the
// admin overview, shared by every backend. `Row`: see account_rows.hpp.

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "storage/moderation_store.hpp"

namespace chatter::storage::common {

inline constexpr std::string_view kAddressBanColumns =
    "SELECT id, network, reason, created_by, created_at FROM address_bans ";

template <class Row>
AddressBanRecord read_address_ban(const Row& row) {
    return AddressBanRecord{
        row.column_int64(0), row.column_text(1), row.column_text(2), row.column_text(3), row.column_int64(4)};
}

inline constexpr std::string_view kTimeoutColumns =
    "SELECT t.user_id, u.username, t.until, t.reason, t.created_by, t.created_at FROM user_timeouts t "
    "JOIN users u ON u.id = t.user_id ";

template <class Row>
TimeoutRecord read_timeout(const Row& row) {
    return TimeoutRecord{
        row.column_int64(0),
        row.column_text(1),
        row.column_int64(2),
        row.column_text(3),
        row.column_text(4),
        row.column_int64(5),
    };
}

inline constexpr std::string_view kAlertColumns =
    "SELECT id, text, level, created_by, created_at, expires_at FROM site_alerts ";

template <class Row>
AlertRecord read_alert(const Row& row) {
    return AlertRecord{
        row.column_int64(0),
        row.column_text(1),
        row.column_text(2),
        row.column_text(3),
        row.column_int64(4),
        row.column_opt_int64(5),
    };
}

inline constexpr std::string_view kReportColumns =
    "SELECT id, reporter, kind, message_kind, message_id, target, excerpt, reason, status, created_at, "
    "resolved_by, resolved_at, note FROM reports ";

template <class Row>
ReportRecord read_report(const Row& row) {
    return ReportRecord{
        .id = row.column_int64(0),
        .reporter = row.column_text(1),
        .kind = row.column_text(2),
        .message_kind = row.column_opt_text(3),
        .message_id = row.column_opt_int64(4),
        .target = row.column_text(5),
        .excerpt = row.column_text(6),
        .reason = row.column_text(7),
        .status = row.column_text(8),
        .created_at = row.column_int64(9),
        .resolved_by = row.column_opt_text(10),
        .resolved_at = row.column_opt_int64(11),
        .note = row.column_opt_text(12),
    };
}

/// The first second of the `days` UTC days ending with the day of `now`: queries count messages
/// with created_at from there, grouped by created_at / 86400 (the day number).
int64_t counted_since(int64_t now, int days);

/// Messages per UTC day for the `days` days ending with the day of `now`, oldest first, with 0 for
/// days missing from `counts` (day number → count).
std::vector<DayCount> day_counts(const std::map<int64_t, int64_t>& counts, int64_t now, int days);

}  // namespace chatter::storage::common
