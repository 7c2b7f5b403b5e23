#pragma once
// Moderation and the admin console: address bans, timeouts, site alerts, reports, and the
// read-only queries the console needs across aggregates (user directory pages, message counts).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/user_store.hpp"

namespace chatter::storage {

struct AddressBanRecord {
    int64_t id = 0;
    std::string network;  // canonical "address/prefix"
    std::string reason;
    std::string created_by;
    int64_t created_at = 0;
};

struct TimeoutRecord {
    int64_t user_id = 0;
    std::string username;
    int64_t until = 0;  // unix seconds; the user may send again from then on
    std::string reason;
    std::string created_by;
    int64_t created_at = 0;
};

class ModerationStore {
  public:
    virtual ~ModerationStore() = default;

    /// Stores a ban of `network`. Error(kConflict, "address_already_banned") when it exists.
    virtual AddressBanRecord insert_address_ban(
        const std::string& network, const std::string& reason, const std::string& created_by
    ) = 0;
    /// Returns false when there is no ban of exactly `network`.
    virtual bool remove_address_ban(const std::string& network) = 0;
    /// Every address ban, newest first.
    virtual std::vector<AddressBanRecord> address_bans() = 0;

    /// Sets (or replaces) the user's timeout.
    virtual void set_timeout(
        int64_t user_id, int64_t until, const std::string& reason, const std::string& created_by
    ) = 0;
    /// Returns false when the user had no timeout that is still running at `now`.
    virtual bool remove_timeout(int64_t user_id, int64_t now) = 0;
    /// The user's timeout when it is still running at `now`.
    virtual std::optional<TimeoutRecord> active_timeout(int64_t user_id, int64_t now) = 0;
};

struct AlertRecord {
    int64_t id = 0;
    std::string text;
    std::string level;  // "info" | "warning" | "critical"
    std::string created_by;
    int64_t created_at = 0;
    std::optional<int64_t> expires_at;
};

class AlertStore {
  public:
    virtual ~AlertStore() = default;

    virtual AlertRecord insert(
        const std::string& text,
        const std::string& level,
        const std::string& created_by,
        std::optional<int64_t> expires_at
    ) = 0;
    /// Returns false when there is no such alert.
    virtual bool remove(int64_t id) = 0;
    /// Alerts without an expiry or expiring after `now`, newest first.
    virtual std::vector<AlertRecord> active(int64_t now) = 0;
};

struct ReportRecord {
    int64_t id = 0;
    std::string reporter;
    std::string kind;                         // "message" | "user"
    std::optional<std::string> message_kind;  // "channel" | "dm" | "gdm" for message reports
    std::optional<int64_t> message_id;
    std::string target;   // the reported user, or the author of the reported message
    std::string excerpt;  // the message text when reported (kept if the message is deleted)
    std::string reason;
    std::string status;  // "open" | "resolved"
    int64_t created_at = 0;
    std::optional<std::string> resolved_by;
    std::optional<int64_t> resolved_at;
    std::optional<std::string> note;
};

class ReportStore {
  public:
    virtual ~ReportStore() = default;

    /// Stores a new open report (id, status and created_at are filled in) and returns it.
    virtual ReportRecord insert(const ReportRecord& report) = 0;
    /// Reports with this status, newest first, at most `limit`.
    virtual std::vector<ReportRecord> list(const std::string& status, int limit) = 0;
    virtual std::optional<ReportRecord> fetch(int64_t id) = 0;
    /// Marks an open report resolved; false when it is unknown or already resolved.
    virtual bool resolve(int64_t id, const std::string& by, const std::string& note) = 0;
};

struct DayCount {
    std::string day;  // YYYY-MM-DD (UTC)
    int64_t count = 0;
};

class AdminQueryStore {
  public:
    virtual ~AdminQueryStore() = default;

    /// Users whose name starts with `prefix` (case-insensitive; all for ""), by name, paged.
    virtual std::vector<UserRecord> users_page(const std::string& prefix, int limit, int offset) = 0;
    /// How many users `users_page` could return in total.
    virtual int64_t users_matching(const std::string& prefix) = 0;
    /// Names of every admin and superadmin (who hears about new reports).
    virtual std::vector<std::string> staff_usernames() = 0;
    /// Channel, DM and group messages per UTC day for the `days` days ending with the day of
    /// `now` (oldest first, days without messages included with 0).
    virtual std::vector<DayCount> messages_per_day(int64_t now, int days) = 0;
};

}  // namespace chatter::storage
