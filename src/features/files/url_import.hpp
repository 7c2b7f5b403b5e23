#pragma once
// Server-side fetch of a URL into tmpweb (POST /api/files/upload-url) with libcurl, guarded
// against request forgery: http/https only, every hop's addresses checked after DNS resolution
// and the connection pinned to the checked address, redirects followed here one hop at a time,
// a time limit and the upload size limit.

#include <set>
#include <string>

#include "features/files/file_service.hpp"

namespace chatter::files {

struct FetchOptions {
    std::set<std::string> allow_hosts;  // host names or literal addresses exempt from the filter
    int timeout_s = 30;                 // whole import, all hops
    int max_redirects = 5;
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

  private:
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
