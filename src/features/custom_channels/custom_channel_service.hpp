#pragma once
// Custom channels (issue #7): JavaScript plugins a user registers by URL. The server fetches the
// script once (SSRF-guarded, size-limited), keeps it with its SHA-256 and serves it from Chatter's
// own origin, so the page's CSP stays `script-src 'self'`. A channel is its owner's until an admin
// shares it with everyone; each user accepts a script version before their client runs it, so a
// re-fetched, changed script does not run until accepted again. Each channel also has a live
// message stream (not stored) and a small per-user key/value store (`utils.storage`).

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/event_sink.hpp"
#include "core/principal.hpp"
#include "core/rate_limiter.hpp"
#include "storage/stores.hpp"

namespace chatter::custom_channels {

struct CustomOptions {
    int64_t max_script_bytes = int64_t{512} << 10;
    int64_t max_channels_per_user = 50;
    size_t max_name_bytes = 64;
    size_t max_key_bytes = 128;
    size_t max_value_bytes = 16 << 10;
    int64_t max_keys = 100;
    size_t max_text_bytes = 4000;
    int sends_per_window = 60;
    int send_window_s = 10;
};

/// Fetches a script: its bytes, at most `max_bytes` (the URL importer in production). Throws
/// chatter::Error (400 invalid_url / address_refused / fetch_failed, 413 payload_too_large).
using ScriptFetcher = std::function<std::string(const std::string& url, int64_t max_bytes)>;

/// The room of a channel's message stream.
std::string room_of(int64_t channel_id);

/// `{id, name, url, enabled, created_at}` as the API document shows, plus owner, mine, shared,
/// sha256, size, fetched_at, accepted (this user accepted the current script), changed (this user
/// accepted an older script), can_manage and script_url.
boost::json::object channel_json(const storage::CustomChannelRecord& channel, const Principal& viewer);

class CustomChannelService {
  public:
    CustomChannelService(
        storage::Backend& backend, EventSink& sink, RateLimiter& limiter, ScriptFetcher fetcher, CustomOptions options
    );

    /// Called after a channel was deleted, disabled or unshared, so open streams can be re-checked.
    void set_access_changed(std::function<void(int64_t channel_id)> callback) { access_changed_ = std::move(callback); }

    /// Fetches the script and stores the channel, accepted by its owner. Errors: 400 invalid_name /
    /// invalid_script / fetch errors, 409 channel_limit, 413 payload_too_large.
    int64_t register_channel(const Principal& user, const std::string& url, const std::string& name, bool enabled);

    /// The caller's channels and shared ones (every channel for admins), oldest first.
    std::vector<storage::CustomChannelRecord> list(const Principal& user);

    /// A channel the caller may see (owner, shared, or admin); 404 channel_not_found otherwise.
    storage::CustomChannelRecord get(const Principal& user, int64_t id);

    /// Owner or admin (403 not_channel_owner).
    void remove(const Principal& user, int64_t id);
    storage::CustomChannelRecord toggle(const Principal& user, int64_t id, bool enabled);

    /// Admins only (403 admin_required): make the channel visible to everyone, or private again.
    storage::CustomChannelRecord share(const Principal& user, int64_t id, bool shared);

    /// Owner only: fetches the URL again; a different script gets a new hash that every user
    /// (the owner too) must accept before it runs.
    storage::CustomChannelRecord refetch(const Principal& user, int64_t id);

    /// Accepts the current script (`sha256` must name it: 409 script_changed otherwise), or
    /// withdraws the caller's acceptance so their client stops running it.
    storage::CustomChannelRecord accept(const Principal& user, int64_t id, const std::string& sha256);
    storage::CustomChannelRecord dismiss(const Principal& user, int64_t id);

    struct Script {
        std::string sha256;
        std::string text;
    };
    /// The stored script of a channel the caller may see.
    Script script(const Principal& user, int64_t id);

    /// `utils.storage`, per user and channel. Errors: 400 invalid_key, 404 key_not_found,
    /// 413 value_too_large / too_many_keys.
    std::string storage_get(const Principal& user, int64_t id, const std::string& key);
    void storage_put(const Principal& user, int64_t id, const std::string& key, const std::string& value);
    void storage_remove(const Principal& user, int64_t id, const std::string& key);
    std::vector<std::string> storage_keys(const Principal& user, int64_t id);

    /// An enabled channel the caller may see (join and send); 403 channel_disabled when disabled.
    storage::CustomChannelRecord open(const Principal& user, int64_t id);
    bool may_open(const Principal& user, int64_t id);

    /// Sends `{channel_id, username, text, created_at}` as `custom_message` to the channel's room
    /// and returns it. Errors: 400 invalid_text, 429 rate_limited.
    boost::json::object send(const Principal& user, int64_t id, const std::string& text);

    /// An enabled channel the caller may see whose name equals `name` (ignoring ASCII case),
    /// preferring the caller's own; for `/message send <channel> <text>`.
    std::optional<storage::CustomChannelRecord> find_by_name(const Principal& user, const std::string& name);

  private:
    std::optional<storage::CustomChannelRecord> visible(const Principal& user, int64_t id);
    storage::CustomChannelRecord manageable(const Principal& user, int64_t id);
    std::string fetch_script(const std::string& url);
    void validate_key(const std::string& key) const;
    void changed(int64_t id);

    storage::Backend& backend_;
    EventSink& sink_;
    RateLimiter& limiter_;
    ScriptFetcher fetcher_;
    CustomOptions options_;
    std::function<void(int64_t)> access_changed_;
};

}  // namespace chatter::custom_channels
