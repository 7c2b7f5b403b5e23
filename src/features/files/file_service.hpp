#pragma once
// Temporary file hosting ("tmpweb"): uploads stored under a random id in <data_dir>/files, listed,
// described and deleted by their owner (or an admin), served until they expire, then swept.

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "features/files/received_file.hpp"
#include "storage/stores.hpp"

namespace chatter::files {

struct FilesOptions {
    std::filesystem::path data_dir;
    int64_t max_upload_bytes = int64_t{100} << 20;
    int64_t max_expiry_s = int64_t{30} * 86400;
    int64_t min_expiry_s = 60;
    int64_t default_expiry_s = 86400;
    int64_t user_quota_bytes = int64_t{1} << 30;  // 0: no quota
};

/// The last path component of a client file name with control characters removed, at most 255
/// bytes; "file" when nothing is left. The result is metadata only, never a filesystem path.
std::string sanitize_file_name(std::string_view name);

/// Percent-encodes everything but unreserved characters (RFC 3986).
std::string percent_encode(std::string_view text);

/// True when a type may be shown inline: images (not SVG), audio, video, PDF, plain text.
bool inline_safe(std::string_view mime_type);

/// The optional `expires_in` of a JSON body (absent or null: nullopt); 400 invalid_expiry when it is
/// not an integer. The range is checked by FileService::expiry.
std::optional<int64_t> expires_in_from(const boost::json::object& body);

/// `/files/<id>/<percent-encoded name>`: where a file is downloaded (the id is the capability).
std::string file_url(const storage::FileRecord& file);

/// Whether `id` has the form of a file id (32 lower-case hex characters). Anything else cannot
/// exist and must never reach a path.
bool is_file_id(std::string_view id);

/// Where the bytes of file `id` live: <data_dir>/files/<id>.
std::filesystem::path stored_file_path(const std::filesystem::path& data_dir, const std::string& id);

/// `{id, name, size, mime_type, url, uploaded_by, created_at, expires_at}`.
boost::json::object file_json(const storage::FileRecord& file);

class FileService {
  public:
    FileService(storage::Backend& backend, FilesOptions options);
    ~FileService();
    FileService(const FileService&) = delete;
    FileService& operator=(const FileService&) = delete;

    const FilesOptions& options() const { return options_; }

    /// Parses a multipart body streamed to `body_file` (part `file`, optional `expires_in`) and
    /// stores the file. Errors: 400 invalid_multipart / invalid_expiry, 413 payload_too_large /
    /// quota_exceeded. Nothing is left on disk after a failure.
    storage::FileRecord upload(
        const Principal& principal, const std::filesystem::path& body_file, std::string_view content_type
    );

    /// Stores a file already written to `temp` (a path under temp_dir(), moved or removed here).
    storage::FileRecord commit(
        const Principal& principal, const std::filesystem::path& temp, std::string_view name, int64_t expires_in
    );

    /// Checks `expires_in` (nullopt: the default) against the configured range (400 invalid_expiry).
    int64_t expiry(std::optional<int64_t> expires_in) const;

    std::vector<storage::FileRecord> list(const Principal& principal, bool all);

    /// A live file the principal owns (or any, for admins); 404 file_not_found otherwise.
    storage::FileRecord info(const Principal& principal, const std::string& id);

    /// Deletes bytes and row (owner or admin; an admin deleting another's file is audited).
    void remove(const Principal& principal, const std::string& id);

    /// A live file by its id, for downloads (the id is the capability).
    std::optional<storage::FileRecord> find(const std::string& id);

    std::filesystem::path path_of(const std::string& id) const;
    std::filesystem::path temp_dir() const { return options_.data_dir / "files" / "tmp"; }
    std::filesystem::path new_temp_path() const;

    /// Removes the bytes and rows of expired files; returns how many.
    int sweep();

    /// Deletes stored bytes that no live file row refers to, once they are older than `min_age`:
    /// a crash between placing an upload and recording it leaves such bytes, and nothing else
    /// would ever remove them. The age keeps an upload that another node of a cluster is
    /// committing at this moment safe. Names that are not file ids are left alone. Returns how
    /// many were deleted.
    int remove_orphans(std::chrono::seconds min_age);

  private:
    storage::Backend& backend_;
    FilesOptions options_;
    MimeDetector mime_;
};

}  // namespace chatter::files
