#pragma once
// Runtime settings (the original's app_settings: KEY → string value) and the admin audit log.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace chatter::storage {

class SettingsStore {
  public:
    virtual ~SettingsStore() = default;

    /// Every stored key and value.
    virtual std::map<std::string, std::string> fetch_all() = 0;

    /// One value, if stored.
    virtual std::optional<std::string> fetch(const std::string& key) = 0;

    /// Stores all pairs in one transaction.
    virtual void upsert(const std::map<std::string, std::string>& values) = 0;
};

struct AuditRecord {
    int64_t id = 0;
    std::string actor;
    std::string action;
    std::string target;
    std::string details;  // JSON text
    int64_t created_at = 0;
};

class AuditStore {
  public:
    virtual ~AuditStore() = default;

    /// Appends an entry and returns it.
    virtual AuditRecord insert(
        const std::string& actor, const std::string& action, const std::string& target, const std::string& details
    ) = 0;

    /// Entries with id < before_id (all when nullopt), newest first, at most `limit`.
    virtual std::vector<AuditRecord> fetch_page(std::optional<int64_t> before_id, int limit) = 0;
};

}  // namespace chatter::storage
