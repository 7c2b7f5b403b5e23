#pragma once
// Custom channels (JavaScript plugins, issue #7): the registered channels with their fetched
// script, each user's acceptance of a script version, and the small per-user key/value store
// behind `utils.storage`.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chatter::storage {

struct CustomChannelRecord {
    int64_t id = 0;
    std::string name;
    std::string url;
    int64_t owner_id = 0;
    std::string owner;  // username, filled by reads
    bool enabled = true;
    bool shared = false;  // visible to every user, not only the owner
    std::string sha256;   // of the stored script
    int64_t script_size = 0;
    int64_t created_at = 0;
    int64_t fetched_at = 0;
    std::optional<std::string> accepted_sha256;  // the reading user's accepted version (list/find)
};

struct NewCustomChannel {
    std::string name;
    std::string url;
    int64_t owner_id = 0;
    bool enabled = true;
    std::string script;
    std::string sha256;
    int64_t now = 0;
};

class CustomChannelStore {
  public:
    virtual ~CustomChannelStore() = default;

    /// Inserts the channel and records that its owner accepted this script. Returns the new id.
    virtual int64_t insert(const NewCustomChannel& channel) = 0;

    /// The channel (without its script) with `viewer_id`'s accepted version.
    virtual std::optional<CustomChannelRecord> find(int64_t id, int64_t viewer_id) = 0;

    /// Channels `viewer_id` owns, shared ones, or every channel when `all`; oldest first.
    virtual std::vector<CustomChannelRecord> list(int64_t viewer_id, bool all) = 0;

    /// How many channels `owner_id` has registered.
    virtual int64_t count_owned(int64_t owner_id) = 0;

    /// The stored script text.
    virtual std::optional<std::string> script(int64_t id) = 0;

    virtual void set_enabled(int64_t id, bool enabled) = 0;
    virtual void set_shared(int64_t id, bool shared) = 0;

    /// Replaces the script after a re-fetch (acceptances are kept: they name the old hash).
    virtual void replace_script(int64_t id, const std::string& script, const std::string& sha256, int64_t now) = 0;

    /// Removes the channel with its acceptances and stored values; false when it did not exist.
    virtual bool remove(int64_t id) = 0;

    /// Records (or, with nullopt, withdraws) `user_id`'s acceptance of a script version.
    virtual void set_accepted(int64_t id, int64_t user_id, const std::optional<std::string>& sha256) = 0;

    /// `utils.storage`: one user's value under `key` in one channel.
    virtual std::optional<std::string> value(int64_t id, int64_t user_id, const std::string& key) = 0;

    /// Inserts or replaces a value unless that would give the user more than `max_keys` keys in
    /// this channel (checked and written in one transaction). Returns false when over the limit.
    virtual bool put_value(
        int64_t id, int64_t user_id, const std::string& key, const std::string& value, int64_t max_keys, int64_t now
    ) = 0;

    /// Removes a value; false when there was none.
    virtual bool remove_value(int64_t id, int64_t user_id, const std::string& key) = 0;

    /// The user's keys in this channel, sorted.
    virtual std::vector<std::string> keys(int64_t id, int64_t user_id) = 0;
};

}  // namespace chatter::storage
