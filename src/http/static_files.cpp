#include "http/static_files.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "core/crypto.hpp"

namespace chatter::http {

namespace fs = std::filesystem;
namespace http = boost::beast::http;

namespace {

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string content_type_for(const std::string& extension) {
    static const std::map<std::string, std::string, std::less<>> kTypes{
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".webmanifest", "application/manifest+json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".webp", "image/webp"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
        {".wasm", "application/wasm"},
    };
    auto it = kTypes.find(extension);
    return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// Paths the client's router never uses: a miss there is a missing file, not a client route. Other
// paths (even with a dot, like /dm/bob.smith) are client routes and get index.html.
bool looks_like_asset(std::string_view path) {
    static constexpr std::string_view kPrefixes[] = {"/assets/", "/socket.io/", "/engine.io/", "/files/"};
    for (auto prefix : kPrefixes) {
        if (path.substr(0, prefix.size()) == prefix) {
            return true;
        }
    }
    static constexpr std::string_view kExtensions[] = {
        ".js", ".css", ".map", ".png", ".svg", ".ico", ".json", ".woff2", ".txt", ".webmanifest", ".gz"};
    for (auto extension : kExtensions) {
        if (path.size() >= extension.size() && path.substr(path.size() - extension.size()) == extension) {
            return true;
        }
    }
    return false;
}

bool accepts_gzip(const net::HttpRequest& request) {
    auto it = request.find(http::field::accept_encoding);
    return it != request.end() && it->value().find("gzip") != std::string_view::npos;
}

}  // namespace

StaticFiles::StaticFiles(const fs::path& root) {
    std::error_code ec;
    if (root.empty() || !fs::is_directory(root, ec)) {
        spdlog::warn("web root {} not found: the web client will not be served", root.string());
        return;
    }
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (!it->is_regular_file() || it->path().extension() == ".gz") {
            continue;
        }
        const std::string url = "/" + fs::relative(it->path(), root).generic_string();
        File file;
        file.body = read_file(it->path());
        fs::path gz = it->path();
        gz += ".gz";
        if (fs::exists(gz)) {
            file.gzip_body = read_file(gz);
        }
        file.etag = "\"" + crypto::sha256_hex(file.body).substr(0, 20) + "\"";
        file.content_type = content_type_for(it->path().extension().string());
        // Vite names bundles by content hash, so they never change under the same URL.
        file.immutable = url.rfind("/assets/", 0) == 0;
        files_.emplace(url, std::move(file));
    }
    spdlog::info("serving {} web client files from {}", files_.size(), root.string());
}

std::optional<net::HttpResponse> StaticFiles::serve(const net::HttpRequest& request, std::string_view path) const {
    if (path.empty() || path == "/") {
        path = "/index.html";
    }
    if (auto it = files_.find(path); it != files_.end()) {
        return respond(request, it->second);
    }
    if (looks_like_asset(path)) {
        return std::nullopt;
    }
    if (auto index = files_.find("/index.html"); index != files_.end()) {
        return respond(request, index->second);
    }
    net::HttpResponse missing{http::status::service_unavailable, 11};
    missing.set(http::field::content_type, "text/plain; charset=utf-8");
    missing.body() = "Chatter's web client is not built. Run `make build`, then restart chatterd.\n";
    return missing;
}

net::HttpResponse StaticFiles::respond(const net::HttpRequest& request, const File& file) const {
    const bool gzip = !file.gzip_body.empty() && accepts_gzip(request);
    const std::string etag = gzip ? file.etag.substr(0, file.etag.size() - 1) + "-gz\"" : file.etag;
    net::HttpResponse response{http::status::ok, 11};
    response.set(http::field::content_type, file.content_type);
    response.set(http::field::etag, etag);
    response.set(http::field::vary, "Accept-Encoding");
    response.set(http::field::cache_control, file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
    auto inm = request.find(http::field::if_none_match);
    if (inm != request.end() && inm->value() == etag) {
        response.result(http::status::not_modified);
        return response;
    }
    if (gzip) {
        response.set(http::field::content_encoding, "gzip");
    }
    if (request.method() == http::verb::head) {
        response.content_length(gzip ? file.gzip_body.size() : file.body.size());
        return response;
    }
    response.body() = gzip ? file.gzip_body : file.body;
    return response;
}

}  // namespace chatter::http
