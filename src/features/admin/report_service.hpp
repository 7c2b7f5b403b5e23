#pragma once
// Reports of messages and users by any signed-in user, and the admin queue that reviews them.

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/event_sink.hpp"
#include "core/principal.hpp"
#include "core/rate_limiter.hpp"
#include "storage/stores.hpp"

namespace chatter::admin {

/// Reports one user may file per window (a flood gets 429 rate_limited).
inline constexpr int kReportsPerWindow = 5;
inline constexpr int kReportWindowSeconds = 600;

class ReportService {
  public:
    ReportService(storage::Backend& backend, EventSink& sink, RateLimiter& limiter)
        : backend_(backend), sink_(sink), limiter_(limiter) {}

    /// Reports a message the reporter can see: `kind` channel (any public message), dm (the
    /// reporter sent or received it) or gdm (the reporter is a member of its group). Anything
    /// else is 404 message_not_found, as if it did not exist. The reason is 1–500 characters
    /// (400 invalid_reason); own messages 400 cannot_report_self; 400 invalid_kind; 429
    /// rate_limited. Admins get `report_new` with the report.
    storage::ReportRecord report_message(
        const Principal& reporter, int64_t message_id, const std::string& kind, const std::string& reason
    );

    /// Errors: user_not_found (404), cannot_report_self, invalid_reason (400), rate_limited (429).
    storage::ReportRecord report_user(
        const Principal& reporter, const std::string& username, const std::string& reason
    );

    /// Admins; `status` open|resolved (400 invalid_status).
    std::vector<storage::ReportRecord> list(const Principal& caller, const std::string& status);

    /// Admins; note ≤ 500 characters. Errors: report_not_found (404), already_resolved (409).
    storage::ReportRecord resolve(const Principal& caller, int64_t id, const std::string& note);

  private:
    std::string checked_report_reason(const std::string& reason);
    storage::ReportRecord file(const Principal& reporter, storage::ReportRecord report);

    storage::Backend& backend_;
    EventSink& sink_;
    RateLimiter& limiter_;
};

/// `{id, reporter, kind, message_kind, message_id, target, excerpt, reason, status, created_at,
/// resolved_by, resolved_at, note}`.
boost::json::object report_json(const storage::ReportRecord& report);

}  // namespace chatter::admin
