#include "features/custom_channels/custom_channel_service.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace chatter::custom_channels {

namespace json = boost::json;
using storage::CustomChannelRecord;

namespace {

Error not_found() {
    return Error(Errc::kNotFound, "There is no such custom channel.", "channel_not_found");
}

bool valid_utf8(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        size_t extra = 0;
        uint32_t code = 0;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            code = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            code = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            code = c & 0x07;
        } else {
            return false;
        }
        if (i + extra >= text.size()) {
            return false;
        }
        for (size_t k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) {
                return false;
            }
            code = (code << 6) | (next & 0x3F);
        }
        constexpr uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
        if (code < kMinimum[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return false;
        }
        i += extra + 1;
    }
    return true;
}

bool has_control(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
    });
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

std::string room_of(int64_t channel_id) {
    return fmt::format("custom:{}", channel_id);
}

json::object channel_json(const CustomChannelRecord& channel, const Principal& viewer) {
    const bool mine = channel.owner_id == viewer.id;
    const bool accepted = channel.accepted_sha256 == channel.sha256;
    return json::object{
        {"id", channel.id},
        {"name", channel.name},
        {"url", channel.url},
        {"enabled", channel.enabled},
        {"created_at", format_iso(channel.created_at)},
        {"owner", channel.owner},
        {"mine", mine},
        {"shared", channel.shared},
        {"sha256", channel.sha256},
        {"size", channel.script_size},
        {"fetched_at", format_iso(channel.fetched_at)},
        {"accepted", accepted},
        {"changed", channel.accepted_sha256.has_value() && !accepted},
        {"can_manage", mine || viewer.is_admin()},
        {"script_url", fmt::format("/api/channels/custom/{}/script.js", channel.id)},
    };
}

CustomChannelService::CustomChannelService(
    storage::Backend& backend, EventSink& sink, RateLimiter& limiter, ScriptFetcher fetcher, CustomOptions options
)
    : backend_(backend), sink_(sink), limiter_(limiter), fetcher_(std::move(fetcher)), options_(options) {}

std::string CustomChannelService::fetch_script(const std::string& url) {
    std::string script = fetcher_(url, options_.max_script_bytes);
    if (static_cast<int64_t>(script.size()) > options_.max_script_bytes) {
        throw Error(
            Errc::kPayloadTooLarge,
            fmt::format("The script is larger than the limit of {} bytes.", options_.max_script_bytes),
            "payload_too_large"
        );
    }
    if (script.find_first_not_of(" \t\r\n") == std::string::npos || !valid_utf8(script) ||
        script.find('\0') != std::string::npos) {
        throw Error(Errc::kBadRequest, "The URL did not return a UTF-8 JavaScript file.", "invalid_script");
    }
    return script;
}

int64_t CustomChannelService::register_channel(
    const Principal& user, const std::string& url, const std::string& raw_name, bool enabled
) {
    const std::string name = trimmed(raw_name);
    if (name.empty() || name.size() > options_.max_name_bytes || has_control(name)) {
        throw Error(
            Errc::kBadRequest,
            fmt::format("The name must be 1 to {} characters without control characters.", options_.max_name_bytes),
            "invalid_name"
        );
    }
    if (backend_.custom_channels().count_owned(user.id) >= options_.max_channels_per_user) {
        throw Error(
            Errc::kConflict,
            fmt::format("You already have {} custom channels; delete one first.", options_.max_channels_per_user),
            "channel_limit"
        );
    }
    std::string script = fetch_script(url);
    std::string sha256 = crypto::sha256_hex(script);
    return backend_.custom_channels().insert(storage::NewCustomChannel{
        .name = name,
        .url = url,
        .owner_id = user.id,
        .enabled = enabled,
        .script = std::move(script),
        .sha256 = std::move(sha256),
        .now = unix_now(),
    });
}

std::vector<CustomChannelRecord> CustomChannelService::list(const Principal& user) {
    return backend_.custom_channels().list(user.id, user.is_admin());
}

std::optional<CustomChannelRecord> CustomChannelService::visible(const Principal& user, int64_t id) {
    auto channel = backend_.custom_channels().find(id, user.id);
    if (!channel || !(channel->owner_id == user.id || channel->shared || user.is_admin())) {
        return std::nullopt;
    }
    return channel;
}

CustomChannelRecord CustomChannelService::get(const Principal& user, int64_t id) {
    auto channel = visible(user, id);
    if (!channel) {
        throw not_found();
    }
    return *channel;
}

CustomChannelRecord CustomChannelService::manageable(const Principal& user, int64_t id) {
    auto channel = get(user, id);
    if (channel.owner_id != user.id && !user.is_admin()) {
        throw Error(
            Errc::kForbidden, "Only the channel's creator or an administrator can do that.", "not_channel_owner"
        );
    }
    return channel;
}

void CustomChannelService::changed(int64_t id) {
    if (access_changed_) {
        access_changed_(id);
    }
}

void CustomChannelService::remove(const Principal& user, int64_t id) {
    const auto channel = manageable(user, id);
    backend_.custom_channels().remove(id);
    if (channel.owner_id != user.id) {
        backend_.audit().insert(
            user.username,
            "custom_channel_delete",
            channel.owner,
            json::serialize(json::object{{"id", channel.id}, {"name", channel.name}, {"url", channel.url}})
        );
    }
    changed(id);
}

CustomChannelRecord CustomChannelService::toggle(const Principal& user, int64_t id, bool enabled) {
    auto channel = manageable(user, id);
    backend_.custom_channels().set_enabled(id, enabled);
    channel.enabled = enabled;
    if (!enabled) {
        changed(id);
    }
    return channel;
}

CustomChannelRecord CustomChannelService::share(const Principal& user, int64_t id, bool shared) {
    auto channel = get(user, id);
    if (!user.is_admin()) {
        throw Error(Errc::kForbidden, "Only an administrator can share a channel with everyone.", "admin_required");
    }
    backend_.custom_channels().set_shared(id, shared);
    channel.shared = shared;
    backend_.audit().insert(
        user.username,
        shared ? "custom_channel_share" : "custom_channel_unshare",
        channel.owner,
        json::serialize(json::object{{"id", channel.id}, {"name", channel.name}, {"sha256", channel.sha256}})
    );
    if (!shared) {
        changed(id);
    }
    return channel;
}

CustomChannelRecord CustomChannelService::refetch(const Principal& user, int64_t id) {
    auto channel = get(user, id);
    if (channel.owner_id != user.id) {
        throw Error(Errc::kForbidden, "Only the channel's creator can fetch its script again.", "not_channel_owner");
    }
    const std::string script = fetch_script(channel.url);
    const std::string sha256 = crypto::sha256_hex(script);
    if (sha256 != channel.sha256) {
        backend_.custom_channels().replace_script(id, script, sha256, unix_now());
    }
    return get(user, id);
}

CustomChannelRecord CustomChannelService::accept(const Principal& user, int64_t id, const std::string& sha256) {
    const auto channel = get(user, id);
    if (sha256 != channel.sha256) {
        throw Error(
            Errc::kConflict,
            "The channel's script has changed since you looked at it; review it again.",
            "script_changed"
        );
    }
    backend_.custom_channels().set_accepted(id, user.id, sha256);
    return get(user, id);
}

CustomChannelRecord CustomChannelService::dismiss(const Principal& user, int64_t id) {
    get(user, id);
    backend_.custom_channels().set_accepted(id, user.id, std::nullopt);
    return get(user, id);
}

CustomChannelService::Script CustomChannelService::script(const Principal& user, int64_t id) {
    const auto channel = get(user, id);
    auto text = backend_.custom_channels().script(id);
    if (!text) {
        throw not_found();
    }
    return Script{channel.sha256, std::move(*text)};
}

void CustomChannelService::validate_key(const std::string& key) const {
    if (key.empty() || key.size() > options_.max_key_bytes || has_control(key)) {
        throw Error(
            Errc::kBadRequest,
            fmt::format("A storage key must be 1 to {} bytes without control characters.", options_.max_key_bytes),
            "invalid_key"
        );
    }
}

std::string CustomChannelService::storage_get(const Principal& user, int64_t id, const std::string& key) {
    get(user, id);
    validate_key(key);
    auto value = backend_.custom_channels().value(id, user.id, key);
    if (!value) {
        throw Error(Errc::kNotFound, "Nothing is stored under this key.", "key_not_found");
    }
    return *value;
}

void CustomChannelService::storage_put(
    const Principal& user, int64_t id, const std::string& key, const std::string& value
) {
    get(user, id);
    validate_key(key);
    if (value.size() > options_.max_value_bytes) {
        throw Error(
            Errc::kPayloadTooLarge,
            fmt::format("A stored value may be at most {} bytes.", options_.max_value_bytes),
            "value_too_large"
        );
    }
    if (!backend_.custom_channels().put_value(id, user.id, key, value, options_.max_keys, unix_now())) {
        throw Error(
            Errc::kPayloadTooLarge,
            fmt::format("A channel may keep at most {} keys per user; remove one first.", options_.max_keys),
            "too_many_keys"
        );
    }
}

void CustomChannelService::storage_remove(const Principal& user, int64_t id, const std::string& key) {
    get(user, id);
    validate_key(key);
    if (!backend_.custom_channels().remove_value(id, user.id, key)) {
        throw Error(Errc::kNotFound, "Nothing is stored under this key.", "key_not_found");
    }
}

std::vector<std::string> CustomChannelService::storage_keys(const Principal& user, int64_t id) {
    get(user, id);
    return backend_.custom_channels().keys(id, user.id);
}

CustomChannelRecord CustomChannelService::open(const Principal& user, int64_t id) {
    auto channel = get(user, id);
    if (!channel.enabled) {
        throw Error(Errc::kForbidden, "This custom channel is disabled.", "channel_disabled");
    }
    return channel;
}

bool CustomChannelService::may_open(const Principal& user, int64_t id) {
    const auto channel = visible(user, id);
    return channel && channel->enabled;
}

json::object CustomChannelService::send(const Principal& user, int64_t id, const std::string& text) {
    open(user, id);
    if (trimmed(text).empty() || text.size() > options_.max_text_bytes) {
        throw Error(
            Errc::kBadRequest, fmt::format("A message must be 1 to {} bytes.", options_.max_text_bytes), "invalid_text"
        );
    }
    const int wait =
        limiter_.acquire(fmt::format("custom_send:{}", user.id), options_.sends_per_window, options_.send_window_s);
    if (wait > 0) {
        throw Error(
            Errc::kRateLimited,
            fmt::format("You are sending messages too fast. Try again in {} s.", wait),
            "rate_limited"
        )
            .with_retry_after(wait);
    }
    json::object message{
        {"channel_id", id},
        {"username", user.username},
        {"text", text},
        {"created_at", format_iso(unix_now())},
    };
    sink_.to_room(room_of(id), "custom_message", message);
    return message;
}

std::optional<CustomChannelRecord> CustomChannelService::find_by_name(const Principal& user, const std::string& name) {
    std::optional<CustomChannelRecord> found;
    for (auto& channel : list(user)) {
        if (!channel.enabled || !equal_ignoring_case(channel.name, trimmed(name))) {
            continue;
        }
        if (channel.owner_id == user.id) {
            return channel;
        }
        if (!found && (channel.shared || user.is_admin())) {
            found = std::move(channel);
        }
    }
    return found;
}

}  // namespace chatter::custom_channels
