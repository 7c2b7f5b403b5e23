#include "features/admin/report_service.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/time.hpp"
#include "features/admin/admin_service.hpp"
#include "features/messages/message_rules.hpp"

namespace chatter::admin {

namespace json = boost::json;

namespace {

constexpr int kQueueLimit = 200;
constexpr size_t kExcerptChars = 300;

json::value opt(const std::optional<std::string>& value) {
    return value ? json::value(*value) : json::value(nullptr);
}

// The first `count` code points of UTF-8 text (never cuts a character in half).
std::string first_chars(const std::string& text, size_t count) {
    size_t seen = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && seen++ == count) {
            return text.substr(0, i);
        }
    }
    return text;
}

[[noreturn]] void message_not_found() {
    throw Error(Errc::kNotFound, "There is no such message (or you cannot see it).", "message_not_found");
}

}  // namespace

json::object report_json(const storage::ReportRecord& report) {
    return json::object{
        {"id", report.id},
        {"reporter", report.reporter},
        {"kind", report.kind},
        {"message_kind", opt(report.message_kind)},
        {"message_id", report.message_id ? json::value(*report.message_id) : json::value(nullptr)},
        {"target", report.target},
        {"excerpt", report.excerpt},
        {"reason", report.reason},
        {"status", report.status},
        {"created_at", format_iso(report.created_at)},
        {"resolved_by", opt(report.resolved_by)},
        {"resolved_at", report.resolved_at ? json::value(format_iso(*report.resolved_at)) : json::value(nullptr)},
        {"note", opt(report.note)},
    };
}

std::string ReportService::checked_report_reason(const std::string& reason) {
    std::string why = checked_reason(reason, "invalid_reason");
    if (why.empty()) {
        throw Error(Errc::kBadRequest, "Say why you report this (1 to 500 characters).", "invalid_reason");
    }
    return why;
}

storage::ReportRecord ReportService::file(const Principal& reporter, storage::ReportRecord report) {
    if (const int wait = limiter_.acquire("report:" + reporter.username, kReportsPerWindow, kReportWindowSeconds);
        wait > 0) {
        throw Error(
            Errc::kRateLimited,
            fmt::format("You have sent many reports. Please wait {} seconds; administrators will look at them.", wait),
            "rate_limited"
        )
            .with_retry_after(wait);
    }
    report.reporter = reporter.username;
    auto stored = backend_.reports().insert(report);
    const auto payload = report_json(stored);
    for (const auto& admin : backend_.admin_queries().staff_usernames()) {
        sink_.to_user(admin, "report_new", payload);
    }
    return stored;
}

storage::ReportRecord ReportService::report_message(
    const Principal& reporter, int64_t message_id, const std::string& kind, const std::string& reason
) {
    if (kind != "channel" && kind != "dm" && kind != "gdm") {
        throw Error(Errc::kBadRequest, "kind is channel, dm or gdm.", "invalid_kind");
    }
    const std::string why = checked_report_reason(reason);
    std::optional<storage::MessageRecord> message;
    if (kind == "channel") {
        message = backend_.channels().fetch_message(message_id);
    } else if (kind == "dm") {
        message = backend_.dms().fetch(message_id);
        if (message && message->user_id != reporter.id && message->to_user_id != reporter.id) {
            message.reset();
        }
    } else {
        message = backend_.gdms().fetch_message(message_id);
        if (message && !backend_.gdms().is_member(message->conversation_id, reporter.id)) {
            message.reset();
        }
    }
    if (!message) {
        message_not_found();
    }
    if (message->user_id == reporter.id) {
        throw Error(Errc::kBadRequest, "You cannot report your own message.", "cannot_report_self");
    }
    storage::ReportRecord report;
    report.kind = "message";
    report.message_kind = kind;
    report.message_id = message_id;
    report.target = message->username;
    report.excerpt = first_chars(message->text, kExcerptChars);
    report.reason = why;
    return file(reporter, std::move(report));
}

storage::ReportRecord ReportService::report_user(
    const Principal& reporter, const std::string& username, const std::string& reason
) {
    const std::string why = checked_report_reason(reason);
    const auto user = username.size() <= 64 ? backend_.users().fetch_by_name(username) : std::nullopt;
    if (!user) {
        throw Error(Errc::kNotFound, fmt::format("There is no user called {}.", username), "user_not_found");
    }
    if (user->id == reporter.id) {
        throw Error(Errc::kBadRequest, "You cannot report yourself.", "cannot_report_self");
    }
    storage::ReportRecord report;
    report.kind = "user";
    report.target = user->username;
    report.reason = why;
    return file(reporter, std::move(report));
}

std::vector<storage::ReportRecord> ReportService::list(const Principal& caller, const std::string& status) {
    require_admin(caller, "review reports");
    if (status != "open" && status != "resolved") {
        throw Error(Errc::kBadRequest, "status is open or resolved.", "invalid_status");
    }
    return backend_.reports().list(status, kQueueLimit);
}

storage::ReportRecord ReportService::resolve(const Principal& caller, int64_t id, const std::string& note) {
    require_admin(caller, "resolve reports");
    const std::string text = checked_reason(note, "invalid_note");
    if (!backend_.reports().fetch(id)) {
        throw Error(Errc::kNotFound, "There is no report with that id.", "report_not_found");
    }
    if (!backend_.reports().resolve(id, caller.username, text)) {
        throw Error(Errc::kConflict, "That report is already resolved.", "already_resolved");
    }
    backend_.audit().insert(
        caller.username, "report_resolve", std::to_string(id), json::serialize(json::object{{"note", text}})
    );
    return *backend_.reports().fetch(id);
}

}  // namespace chatter::admin
