#pragma once
// A user's own profile and preferences (issue #6): bio, status, avatar, theme, language, email,
// who may DM them (the messaging `user_settings.allow_dms`) and notification flags.

#include <cstdint>
#include <optional>
#include <string>

namespace chatter::storage {

struct ProfileRecord {
    int64_t user_id = 0;
    std::string bio;
    std::string status;
    std::optional<std::string> avatar;  // "<32 hex>.<ext>", a file under <data_dir>/avatars
    std::string theme = "system";
    std::string language = "en";
    std::optional<std::string> email;
    std::string allow_dms = "everyone";
    bool notify_mentions = true;
    bool notify_dms = true;
    bool notify_sounds = true;
};

class ProfileStore {
  public:
    virtual ~ProfileStore() = default;

    /// The profile of a live (not deleted) user, with defaults for what was never stored.
    virtual std::optional<ProfileRecord> fetch(int64_t user_id) = 0;

    /// Stores every field but `avatar` in one transaction (email on the account row, allow_dms in
    /// the messaging settings). Returns false when the user does not exist or is deleted.
    virtual bool save(const ProfileRecord& profile) = 0;

    /// Sets or clears the avatar and returns the previous one (so its file can be removed).
    /// Returns nullopt too when the user does not exist.
    virtual std::optional<std::string> replace_avatar(int64_t user_id, const std::optional<std::string>& avatar) = 0;
};

}  // namespace chatter::storage
