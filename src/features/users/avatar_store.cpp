#include "features/users/avatar_store.hpp"

#include <array>
#include <fstream>
#include <iterator>
#include <utility>

#include "core/crypto.hpp"
#include "core/error.hpp"

namespace chatter::users {

namespace fs = std::filesystem;

namespace {

constexpr size_t kIdLength = 32;
constexpr std::string_view kPartPrefix = "part-";

// Detected type → extension; nothing else is ever stored.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kTypes{{
    {"image/png", "png"},
    {"image/jpeg", "jpg"},
    {"image/gif", "gif"},
    {"image/webp", "webp"},
}};

}  // namespace

fs::path stored_avatar_path(const fs::path& data_dir, const std::string& name) {
    return data_dir / "avatars" / name;
}

std::optional<std::string_view> avatar_type(std::string_view name) {
    if (name.size() <= kIdLength + 1 || name[kIdLength] != '.' ||
        name.substr(0, kIdLength).find_first_not_of("0123456789abcdef") != std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view ext = name.substr(kIdLength + 1);
    for (const auto& [type, known] : kTypes) {
        if (ext == known) {
            return type;
        }
    }
    return std::nullopt;
}

AvatarFiles::AvatarFiles(AvatarOptions options) : options_(std::move(options)) {
    const fs::path dir = options_.data_dir / "avatars";
    fs::create_directories(dir);
    // Leftovers of uploads cut off by a crash.
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().filename().string().starts_with(kPartPrefix)) {
            std::error_code ignored;
            fs::remove(entry.path(), ignored);
        }
    }
}

std::string AvatarFiles::url(const std::string& name) {
    return std::string("/avatars/").append(name);
}

std::optional<fs::path> AvatarFiles::path_of(const std::string& name) const {
    if (!avatar_type(name)) {
        return std::nullopt;
    }
    return stored_avatar_path(options_.data_dir, name);
}

std::string AvatarFiles::store(const fs::path& body_file, std::string_view content_type) {
    const fs::path temp =
        stored_avatar_path(options_.data_dir, std::string(kPartPrefix).append(crypto::random_token(16)));
    files::TempGuard guard(temp);
    files::receive_file(body_file, content_type, temp, options_.max_bytes);
    const std::string detected = mime_.detect(temp);
    std::string_view ext;
    for (const auto& [type, known] : kTypes) {
        if (detected == type) {
            ext = known;
        }
    }
    if (ext.empty()) {
        throw Error(Errc::kBadRequest, "An avatar must be a PNG, JPEG, GIF or WebP image.", "invalid_avatar");
    }
    std::string name = crypto::random_hex(kIdLength / 2);
    name.append(".").append(ext);
    fs::rename(temp, stored_avatar_path(options_.data_dir, name));
    guard.release();
    return name;
}

void AvatarFiles::remove(const std::string& name) {
    if (const auto path = path_of(name)) {
        std::error_code ignored;
        fs::remove(*path, ignored);
    }
}

std::optional<AvatarImage> AvatarFiles::read(const std::string& name) const {
    const auto path = path_of(name);
    if (!path) {
        return std::nullopt;
    }
    std::ifstream in(*path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    return AvatarImage{
        .mime_type = std::string(*avatar_type(name)),
        .bytes = std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()),
    };
}

}  // namespace chatter::users
