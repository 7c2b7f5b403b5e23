#include "features/files/file_service.hpp"

#include <boost/json.hpp>

#include <cctype>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "core/time.hpp"
#include "features/files/received_file.hpp"

namespace chatter::files {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxName = 255;
constexpr std::string_view kUploadFields[] = {"expires_in"};

Error not_found() {
    return Error(Errc::kNotFound, "There is no such file (it may have expired).", "file_not_found");
}

// 128 random bits in lower-case hex: the file's id, name on disk and download capability.
std::string new_file_id() {
    return crypto::random_hex(16);
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
}

FileService::~FileService() = default;

fs::path stored_file_path(const fs::path& data_dir, const std::string& id) {
    return data_dir / "files" / id;
}

fs::path FileService::path_of(const std::string& id) const {
    return stored_file_path(options_.data_dir, id);
}

fs::path FileService::new_temp_path() const {
    return temp_dir() / ("part-" + crypto::random_token(16));
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
    const fs::path temp = new_temp_path();
    TempGuard guard(temp);
    const auto received = receive_file(body_file, content_type, temp, options_.max_upload_bytes, kUploadFields);
    std::optional<int64_t> expires_in;
    if (const auto field = received.fields.find("expires_in"); field != received.fields.end()) {
        const auto value = field->second ? json_fields::parse_int(*field->second) : std::nullopt;
        if (!value) {
            throw Error(Errc::kBadRequest, "expires_in must be a whole number of seconds.", "invalid_expiry");
        }
        expires_in = value;
    }
    const int64_t expires = expiry(expires_in);
    guard.release();
    return commit(principal, temp, received.name, expires);
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
        .mime_type = mime_.detect(temp),
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

bool is_file_id(std::string_view id) {
    return id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::optional<storage::FileRecord> FileService::find(const std::string& id) {
    if (!is_file_id(id)) {
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

int FileService::remove_orphans(std::chrono::seconds min_age) {
    const auto cutoff = fs::file_time_type::clock::now() - min_age;
    int removed = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(options_.data_dir / "files", ec)) {
        const std::string id = entry.path().filename().string();
        std::error_code stat_error;
        if (!is_file_id(id) || !entry.is_regular_file(stat_error) || entry.last_write_time(stat_error) > cutoff ||
            stat_error) {
            continue;
        }
        if (!backend_.files().find(id, unix_now())) {
            std::error_code ignored;
            removed += fs::remove(entry.path(), ignored) ? 1 : 0;
        }
    }
    return removed;
}

}  // namespace chatter::files
