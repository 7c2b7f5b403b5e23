#include "features/files/file_service.hpp"

#include <magic.h>
#include <sodium.h>

#include <boost/json.hpp>

#include <cctype>
#include <charconv>
#include <fstream>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "features/files/multipart.hpp"

namespace chatter::files {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxName = 255;
constexpr size_t kMaxFieldBytes = 32;
constexpr size_t kReadChunk = 64 * 1024;

Error not_found() {
    return Error(Errc::kNotFound, "There is no such file (it may have expired).", "file_not_found");
}

// Removes a temporary file unless released: every failure path leaves nothing behind.
class TempGuard {
  public:
    explicit TempGuard(fs::path path) : path_(std::move(path)) {}
    ~TempGuard() {
        if (!path_.empty()) {
            std::error_code ignored;
            fs::remove(path_, ignored);
        }
    }
    TempGuard(const TempGuard&) = delete;
    TempGuard& operator=(const TempGuard&) = delete;
    void release() { path_.clear(); }

  private:
    fs::path path_;
};

// 128 random bits in lower-case hex: the file's id, name on disk and download capability.
std::string new_file_id() {
    unsigned char bytes[16];
    randombytes_buf(bytes, sizeof bytes);
    char hex[sizeof bytes * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
    return std::string(hex, sizeof bytes * 2);
}

}  // namespace

std::string sanitize_file_name(std::string_view name) {
    const size_t slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) {
        name.remove_prefix(slash + 1);
    }
    std::string out;
    for (const char c : name) {
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) {
            out += c;
        }
    }
    if (out.size() > kMaxName) {
        size_t cut = kMaxName;
        // Never split a UTF-8 sequence: back up over continuation bytes.
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xc0) == 0x80) {
            --cut;
        }
        out.resize(cut);
    }
    if (out.empty() || out == "." || out == "..") {
        return "file";
    }
    return out;
}

std::string percent_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        }
    }
    return out;
}

bool inline_safe(std::string_view mime_type) {
    if (mime_type.rfind("image/", 0) == 0) {
        return mime_type.find("svg") == std::string_view::npos;
    }
    return mime_type.rfind("audio/", 0) == 0 || mime_type.rfind("video/", 0) == 0 || mime_type == "application/pdf" ||
           mime_type == "text/plain";
}

std::optional<int64_t> expires_in_from(const boost::json::object& body) {
    const auto* value = body.if_contains("expires_in");
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    if (!value->is_int64()) {
        throw Error(Errc::kBadRequest, "expires_in must be a whole number of seconds.", "invalid_expiry");
    }
    return value->as_int64();
}

std::string file_url(const storage::FileRecord& file) {
    return std::string{"/files/"}.append(file.id).append("/").append(percent_encode(file.name));
}

boost::json::object file_json(const storage::FileRecord& file) {
    return boost::json::object{
        {"id", file.id},
        {"name", file.name},
        {"size", file.size},
        {"mime_type", file.mime_type},
        {"url", file_url(file)},
        {"uploaded_by", file.owner},
        {"created_at", format_iso(file.created_at)},
        {"expires_at", format_iso(file.expires_at)},
    };
}

FileService::FileService(storage::Backend& backend, FilesOptions options)
    : backend_(backend), options_(std::move(options)) {
    fs::create_directories(temp_dir());
    // Leftovers of uploads cut off by a crash.
    for (const auto& entry : fs::directory_iterator(temp_dir())) {
        std::error_code ignored;
        fs::remove(entry.path(), ignored);
    }
    magic_t cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
    if (cookie != nullptr && magic_load(cookie, nullptr) != 0) {
        magic_close(cookie);
        cookie = nullptr;
    }
    magic_ = cookie;
}

FileService::~FileService() {
    if (magic_ != nullptr) {
        magic_close(static_cast<magic_t>(magic_));
    }
}

fs::path FileService::path_of(const std::string& id) const {
    return options_.data_dir / "files" / id;
}

fs::path FileService::new_temp_path() const {
    return temp_dir() / ("part-" + crypto::random_token(16));
}

std::string FileService::detect_mime(const fs::path& path) {
    std::lock_guard lock(magic_mutex_);
    const char* type = magic_ != nullptr ? magic_file(static_cast<magic_t>(magic_), path.c_str()) : nullptr;
    return type != nullptr ? std::string(type) : std::string("application/octet-stream");
}

int64_t FileService::expiry(std::optional<int64_t> expires_in) const {
    const int64_t value = expires_in.value_or(options_.default_expiry_s);
    if (value < options_.min_expiry_s || value > options_.max_expiry_s) {
        throw Error(
            Errc::kBadRequest,
            "expires_in must be between " + std::to_string(options_.min_expiry_s) + " and " +
                std::to_string(options_.max_expiry_s) + " seconds.",
            "invalid_expiry"
        );
    }
    return value;
}

storage::FileRecord FileService::upload(
    const Principal& principal, const fs::path& body_file, std::string_view content_type
) {
    const auto boundary = multipart_boundary(content_type);
    if (!boundary) {
        throw Error(
            Errc::kUnsupportedMediaType,
            "Send the file as multipart/form-data with a part named 'file'.",
            "unsupported_media_type"
        );
    }
    const fs::path temp = new_temp_path();
    TempGuard guard(temp);
    std::ofstream out;
    bool have_file = false;
    bool in_file = false;
    bool too_large = false;
    std::string file_name;
    int64_t size = 0;
    std::string current_field;
    std::optional<std::string> expires_text;
    bool field_too_long = false;
    MultipartParser parser(
        *boundary,
        {
            .part_begin =
                [&](const PartHeader& part) {
                    in_file = part.name == "file" && part.filename.has_value() && !have_file;
                    current_field = in_file ? std::string() : part.name;
                    if (in_file) {
                        have_file = true;
                        file_name = sanitize_file_name(*part.filename);
                        out.open(temp, std::ios::binary | std::ios::trunc);
                    } else if (part.name == "expires_in") {
                        expires_text.emplace();
                    }
                },
            .part_data =
                [&](std::string_view data) {
                    if (in_file) {
                        size += static_cast<int64_t>(data.size());
                        too_large = too_large || size > options_.max_upload_bytes;
                        if (!too_large) {
                            out.write(data.data(), static_cast<std::streamsize>(data.size()));
                        }
                    } else if (current_field == "expires_in" && expires_text) {
                        field_too_long = field_too_long || expires_text->size() + data.size() > kMaxFieldBytes;
                        if (!field_too_long) {
                            expires_text->append(data);
                        }
                    }
                },
            .part_end =
                [&] {
                    if (in_file) {
                        out.close();
                    }
                    in_file = false;
                },
        }
    );
    std::ifstream in(body_file, std::ios::binary);
    if (!in) {
        throw Error(Errc::kInternal, "The upload could not be read back.");
    }
    std::string chunk(kReadChunk, '\0');
    while (!too_large && in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        if (!parser.feed(std::string_view(chunk.data(), static_cast<size_t>(in.gcount())))) {
            break;
        }
    }
    if (too_large) {
        throw Error(
            Errc::kPayloadTooLarge,
            "The file is larger than the limit of " + std::to_string(options_.max_upload_bytes) + " bytes.",
            "payload_too_large"
        );
    }
    if (!parser.finish() || !have_file || out.is_open()) {
        throw Error(
            Errc::kBadRequest,
            "The upload is not valid multipart/form-data with a part named 'file'.",
            "invalid_multipart"
        );
    }
    std::optional<int64_t> expires_in;
    if (expires_text) {
        int64_t value = 0;
        const char* end = expires_text->data() + expires_text->size();
        const auto [ptr, ec] = std::from_chars(expires_text->data(), end, value);
        if (field_too_long || ec != std::errc() || ptr != end) {
            throw Error(Errc::kBadRequest, "expires_in must be a whole number of seconds.", "invalid_expiry");
        }
        expires_in = value;
    }
    const int64_t expires = expiry(expires_in);
    guard.release();
    return commit(principal, temp, file_name, expires);
}

storage::FileRecord FileService::commit(
    const Principal& principal, const fs::path& temp, std::string_view name, int64_t expires_in
) {
    TempGuard guard(temp);
    const int64_t size = static_cast<int64_t>(fs::file_size(temp));
    const int64_t now = unix_now();
    storage::FileRecord record{
        .id = new_file_id(),
        .name = sanitize_file_name(name),
        .size = size,
        .mime_type = detect_mime(temp),
        .owner_id = principal.id,
        .owner = principal.username,
        .created_at = now,
        .expires_at = now + expires_in,
    };
    const fs::path final_path = path_of(record.id);
    fs::rename(temp, final_path);
    guard.release();
    TempGuard placed(final_path);
    if (!backend_.files().insert_within_quota(record, options_.user_quota_bytes, now)) {
        throw Error(
            Errc::kPayloadTooLarge,
            "This file would take you over your storage quota of " + std::to_string(options_.user_quota_bytes) +
                " bytes; delete some files or wait for them to expire.",
            "quota_exceeded"
        );
    }
    placed.release();
    return record;
}

std::vector<storage::FileRecord> FileService::list(const Principal& principal, bool all) {
    if (all && !principal.is_admin()) {
        throw Error(Errc::kForbidden, "Only administrators can list everyone's files.", "admin_required");
    }
    return backend_.files().list(all ? std::nullopt : std::optional<int64_t>(principal.id), unix_now());
}

storage::FileRecord FileService::info(const Principal& principal, const std::string& id) {
    auto file = find(id);
    if (!file || (file->owner_id != principal.id && !principal.is_admin())) {
        throw not_found();
    }
    return *file;
}

void FileService::remove(const Principal& principal, const std::string& id) {
    const auto file = info(principal, id);
    backend_.files().remove(id);
    std::error_code ignored;
    fs::remove(path_of(id), ignored);
    if (file.owner_id != principal.id) {
        backend_.audit().insert(
            principal.username,
            "file_delete",
            file.owner,
            boost::json::serialize(boost::json::object{{"id", file.id}, {"name", file.name}})
        );
    }
}

std::optional<storage::FileRecord> FileService::find(const std::string& id) {
    // Ids are 32 hex characters; anything else cannot exist and must never reach a path.
    if (id.size() != 32 || id.find_first_not_of("0123456789abcdef") != std::string::npos) {
        return std::nullopt;
    }
    return backend_.files().find(id, unix_now());
}

int FileService::sweep() {
    int removed = 0;
    for (const auto& id : backend_.files().expired(unix_now(), 500)) {
        std::error_code ignored;
        fs::remove(path_of(id), ignored);
        backend_.files().remove(id);
        ++removed;
    }
    return removed;
}

}  // namespace chatter::files
