#pragma once
// Avatar images on disk: <data_dir>/avatars/<32 random hex>.<ext>. The name is the capability
// and never comes from the client; the extension comes from the type libmagic finds in the bytes
// (PNG, JPEG, GIF or WebP only: never SVG or anything that could run script).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "features/files/received_file.hpp"

namespace chatter::users {

struct AvatarOptions {
    std::filesystem::path data_dir;
    int64_t max_bytes = int64_t{2} << 20;
};

/// An avatar's bytes and their type, for GET /avatars/:name.
struct AvatarImage {
    std::string mime_type;
    std::string bytes;
};

class AvatarFiles {
  public:
    explicit AvatarFiles(AvatarOptions options);

    const AvatarOptions& options() const { return options_; }

    /// Takes the `file` part of a multipart body streamed to `body_file`, checks its type from the
    /// bytes and stores it under a new name, which it returns. Errors: those of files::receive_file
    /// (413 payload_too_large over max_bytes), 400 invalid_avatar for anything but PNG, JPEG, GIF
    /// or WebP. Nothing is left on disk after a failure.
    std::string store(const std::filesystem::path& body_file, std::string_view content_type);

    /// Removes a stored avatar (no-op for names that are not avatar names).
    void remove(const std::string& name);

    /// A stored avatar; nullopt for unknown or malformed names.
    std::optional<AvatarImage> read(const std::string& name) const;

    /// `/avatars/<name>`.
    static std::string url(const std::string& name);

  private:
    std::optional<std::filesystem::path> path_of(const std::string& name) const;

    AvatarOptions options_;
    files::MimeDetector mime_;
};

/// Where avatar `name` lives: <data_dir>/avatars/<name>.
std::filesystem::path stored_avatar_path(const std::filesystem::path& data_dir, const std::string& name);

/// The type an avatar name stands for ("image/png" for "….png"); nullopt unless it is
/// 32 lower-case hex characters, a dot and png, jpg, gif or webp.
std::optional<std::string_view> avatar_type(std::string_view name);

}  // namespace chatter::users
