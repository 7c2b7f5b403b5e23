#pragma once
// What every upload route shares (file hosting, avatars): taking the `file` part out of a
// multipart body the HTTP session streamed to disk, cleaning up temporary files, and detecting a
// type from the bytes with libmagic.

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace chatter::files {

/// Removes a temporary file unless released: every failure path leaves nothing behind.
class TempGuard {
  public:
    explicit TempGuard(std::filesystem::path path) : path_(std::move(path)) {}
    ~TempGuard();
    TempGuard(const TempGuard&) = delete;
    TempGuard& operator=(const TempGuard&) = delete;
    void release() { path_.clear(); }

  private:
    std::filesystem::path path_;
};

struct ReceivedFile {
    std::string name;  // the client's file name, sanitised (metadata only)
    int64_t size = 0;
    /// The small text parts that were asked for and present; nullopt when one was over 32 bytes.
    std::map<std::string, std::optional<std::string>, std::less<>> fields;
};

/// Parses `body_file` as multipart/form-data (boundary from `content_type`) and writes the first
/// part named `file` that has a filename to `out`. Errors: 415 unsupported_media_type (not
/// multipart), 413 payload_too_large (the part exceeds `max_bytes`), 400 invalid_multipart (no such
/// part, malformed or truncated body). On error `out` does not exist.
ReceivedFile receive_file(
    const std::filesystem::path& body_file,
    std::string_view content_type,
    const std::filesystem::path& out,
    int64_t max_bytes,
    std::span<const std::string_view> field_names = {}
);

/// libmagic's MIME type for a file's bytes (never the client's word); one handle shared by the
/// threads of a service, as libmagic handles are not thread-safe.
class MimeDetector {
  public:
    MimeDetector();
    ~MimeDetector();
    MimeDetector(const MimeDetector&) = delete;
    MimeDetector& operator=(const MimeDetector&) = delete;

    /// "application/octet-stream" when libmagic is unavailable or cannot tell.
    std::string detect(const std::filesystem::path& path);

  private:
    std::mutex mutex_;
    void* magic_ = nullptr;
};

}  // namespace chatter::files
