#pragma once
// The built web client, served from memory. Files are read once at start-up from the web root
// (web/dist); a `<file>.gz` beside a file is sent to clients that accept gzip. Unknown paths that
// look like client routes (`/join/CODE`) get index.html, so the single-page app can route them.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "net/http_types.hpp"

namespace chatter::http {

class StaticFiles {
  public:
    /// Loads every regular file under `root`. A missing root leaves the set empty.
    explicit StaticFiles(const std::filesystem::path& root);

    /// True when index.html was found.
    bool has_index() const { return files_.count("/index.html") > 0; }

    size_t file_count() const { return files_.size(); }

    /// A response for GET/HEAD of `path` (already percent-decoded), or nullopt when this path is
    /// not the client's (unknown file with an extension).
    std::optional<net::HttpResponse> serve(const net::HttpRequest& request, std::string_view path) const;

  private:
    struct File {
        std::string body;
        std::string gzip_body;  // empty when no .gz was built
        std::string etag;
        std::string content_type;
        bool immutable = false;
    };

    net::HttpResponse respond(const net::HttpRequest& request, const File& file) const;

    std::map<std::string, File, std::less<>> files_;
};

}  // namespace chatter::http
