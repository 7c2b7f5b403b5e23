#pragma once
// Server-side fetch of a URL with libcurl (tmpweb's POST /api/files/upload-url, custom channel
// scripts), guarded against request forgery: http/https only, every hop's addresses checked after
// DNS resolution and the connection pinned to the checked address, redirects followed here one hop
// at a time, a time limit and a size limit.

#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "features/files/file_service.hpp"

namespace chatter::files {

struct FetchOptions {
    std::set<std::string> allow_hosts;  // host names or literal addresses exempt from the filter
    int timeout_s = 30;                 // whole import, all hops
    int max_redirects = 5;
};

/// Where fetched bytes go. `begin` is called before each hop (a redirect starts over), `write` for
/// each chunk (false aborts the transfer), `end` after each hop.
struct FetchOutput {
    std::function<void()> begin;
    std::function<bool(std::string_view)> write;
    std::function<void()> end;
};

class UrlImporter {
  public:
    explicit UrlImporter(FetchOptions options);

    /// Fetches `url` into a temporary file of `service` and returns its path and the file name
    /// taken from the final URL. Errors: 400 invalid_url / address_refused / fetch_failed,
    /// 413 payload_too_large.
    struct Fetched {
        std::filesystem::path temp;
        std::string name;
    };
    Fetched fetch(const FileService& service, const std::string& url) const;

    /// Fetches `url` into memory (at most `max_bytes`, else 413 payload_too_large); the same
    /// errors as `fetch`.
    std::string fetch_bytes(const std::string& url, int64_t max_bytes) const;

  private:
    // Follows redirects into `output`; returns the final URL's decoded path.
    std::string fetch_into(const std::string& url, int64_t limit, const FetchOutput& output) const;

    FetchOptions options_;
};

/// Fetches and commits in one step (the route and the `/file upload` command).
storage::FileRecord import_url(
    const UrlImporter& importer,
    FileService& service,
    const Principal& principal,
    const std::string& url,
    int64_t expires_in
);

}  // namespace chatter::files
