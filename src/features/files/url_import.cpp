#include "features/files/url_import.hpp"

#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

#include "core/error.hpp"
#include "features/files/address_filter.hpp"

namespace chatter::files {

namespace asio = boost::asio;

namespace {

Error invalid_url() {
    return Error(Errc::kBadRequest, "The URL must be a valid http:// or https:// address.", "invalid_url");
}

Error refused(const std::string& host) {
    return Error(
        Errc::kBadRequest,
        "The server will not fetch from " + host + ": it is not a public internet address.",
        "address_refused"
    );
}

struct UrlParts {
    std::string scheme;
    std::string host;  // without IPv6 brackets
    std::string port;
    std::string path;
};

UrlParts parse_url(const std::string& url) {
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), curl_url_cleanup);
    if (!handle || url.size() > 4096 || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
        throw invalid_url();
    }
    auto part = [&](CURLUPart which, unsigned flags) {
        char* value = nullptr;
        if (curl_url_get(handle.get(), which, &value, flags) != CURLUE_OK || value == nullptr) {
            return std::string();
        }
        std::string out(value);
        curl_free(value);
        return out;
    };
    UrlParts parts{
        part(CURLUPART_SCHEME, 0),
        part(CURLUPART_HOST, 0),
        part(CURLUPART_PORT, CURLU_DEFAULT_PORT),
        part(CURLUPART_PATH, CURLU_URLDECODE)};
    std::transform(parts.scheme.begin(), parts.scheme.end(), parts.scheme.begin(), ::tolower);
    std::transform(parts.host.begin(), parts.host.end(), parts.host.begin(), ::tolower);
    if ((parts.scheme != "http" && parts.scheme != "https") || parts.host.empty() || parts.port.empty()) {
        throw invalid_url();
    }
    if (parts.host.front() == '[' && parts.host.back() == ']') {
        parts.host = parts.host.substr(1, parts.host.size() - 2);
    }
    return parts;
}

// The first address of `host` after checking that every address it resolves to is allowed (one
// refused address refuses the host: DNS answers can be reordered between lookups).
std::string resolve_checked(const UrlParts& url, bool allowed) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* result = nullptr;
    if (getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &result) != 0 || result == nullptr) {
        throw Error(Errc::kBadRequest, "The host " + url.host + " could not be resolved.", "fetch_failed");
    }
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owned(result, freeaddrinfo);
    std::string first;
    for (const addrinfo* ai = result; ai != nullptr; ai = ai->ai_next) {
        char text[INET6_ADDRSTRLEN] = {};
        if (getnameinfo(ai->ai_addr, ai->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) != 0) {
            continue;
        }
        boost::system::error_code ec;
        auto address = asio::ip::make_address(text, ec);
        if (ec) {
            continue;
        }
        if (!allowed && address_refused(address)) {
            throw refused(url.host);
        }
        if (first.empty()) {
            // Appended piecewise: g++ 12 at -O3 misreports `"[" + string` as an overlapping copy.
            first = address.to_string();
            if (address.is_v6()) {
                first.insert(first.begin(), '[');
                first.push_back(']');
            }
        }
    }
    if (first.empty()) {
        throw Error(Errc::kBadRequest, "The host " + url.host + " could not be resolved.", "fetch_failed");
    }
    return first;
}

struct Transfer {
    const FetchOutput* output = nullptr;
    int64_t size = 0;
    int64_t limit = 0;
    bool too_large = false;
    bool allowed = false;  // the host is in the allow list
};

size_t on_data(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    const size_t bytes = size * count;
    transfer->size += static_cast<int64_t>(bytes);
    if (transfer->size > transfer->limit) {
        transfer->too_large = true;
        return 0;  // aborts the transfer
    }
    return transfer->output->write(std::string_view(data, bytes)) ? bytes : 0;
}

// Second line of defence behind the pinned resolve: the address curl is about to connect to.
curl_socket_t on_open_socket(void* user, curlsocktype, curl_sockaddr* address) {
    const auto* transfer = static_cast<Transfer*>(user);
    char text[INET6_ADDRSTRLEN] = {};
    if (getnameinfo(&address->addr, address->addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) != 0) {
        return CURL_SOCKET_BAD;
    }
    boost::system::error_code ec;
    const auto parsed = asio::ip::make_address(text, ec);
    if (ec || (!transfer->allowed && address_refused(parsed))) {
        return CURL_SOCKET_BAD;
    }
    return socket(address->family, address->socktype, address->protocol);
}

}  // namespace

UrlImporter::UrlImporter(FetchOptions options) : options_(std::move(options)) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

std::string UrlImporter::fetch_into(const std::string& start_url, int64_t limit, const FetchOutput& output) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options_.timeout_s);
    std::string url = start_url;
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) {
        throw Error(Errc::kInternal, "The fetcher could not start.");
    }
    for (int hop = 0; hop <= options_.max_redirects; ++hop) {
        const UrlParts parts = parse_url(url);
        Transfer transfer;
        transfer.output = &output;
        transfer.limit = limit;
        transfer.allowed = options_.allow_hosts.contains(parts.host);
        const std::string pinned = resolve_checked(parts, transfer.allowed);
        std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> resolve(
            curl_slist_append(nullptr, (parts.host + ":" + parts.port + ":" + pinned).c_str()), curl_slist_free_all
        );
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            throw Error(Errc::kBadRequest, "The URL took too long to fetch.", "fetch_failed");
        }
        output.begin();
        CURL* c = curl.get();
        curl_easy_reset(c);
        curl_easy_setopt(c, CURLOPT_URL, url.c_str());
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(c, CURLOPT_PROXY, "");  // an environment proxy would bypass the pinning
        curl_easy_setopt(c, CURLOPT_RESOLVE, resolve.get());
        curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
        curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &transfer);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
        curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(transfer.limit));
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(left.count()));
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_USERAGENT, "chatterd-fetch");
        const CURLcode code = curl_easy_perform(c);
        output.end();
        if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED) {
            throw Error(
                Errc::kPayloadTooLarge,
                "The file is larger than the limit of " + std::to_string(transfer.limit) + " bytes.",
                "payload_too_large"
            );
        }
        if (code != CURLE_OK) {
            throw Error(
                Errc::kBadRequest,
                std::string("The URL could not be fetched: ") + curl_easy_strerror(code) + ".",
                "fetch_failed"
            );
        }
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        if (status >= 300 && status < 400) {
            char* location = nullptr;
            curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &location);
            if (location == nullptr) {
                break;
            }
            url = location;
            continue;
        }
        if (status < 200 || status >= 300) {
            throw Error(
                Errc::kBadRequest, "The URL answered with HTTP status " + std::to_string(status) + ".", "fetch_failed"
            );
        }
        return parts.path;
    }
    throw Error(Errc::kBadRequest, "The URL redirected too many times.", "fetch_failed");
}

UrlImporter::Fetched UrlImporter::fetch(const FileService& service, const std::string& url) const {
    Fetched fetched{service.new_temp_path(), {}};
    std::unique_ptr<std::FILE, decltype(&std::fclose)> out(nullptr, std::fclose);
    const FetchOutput output{
        .begin =
            [&] {
                out.reset(std::fopen(fetched.temp.c_str(), "wb"));
                if (!out) {
                    throw Error(Errc::kInternal, "The fetcher could not write its temporary file.");
                }
            },
        .write = [&](std::string_view chunk
                 ) { return std::fwrite(chunk.data(), 1, chunk.size(), out.get()) == chunk.size(); },
        .end = [&] { out.reset(); },
    };
    std::string path;
    try {
        path = fetch_into(url, service.options().max_upload_bytes, output);
    } catch (...) {
        out.reset();
        std::remove(fetched.temp.c_str());
        throw;
    }
    const size_t slash = path.find_last_of('/');
    fetched.name = sanitize_file_name(slash == std::string::npos ? path : path.substr(slash + 1));
    if (fetched.name == "file") {
        fetched.name = "download";
    }
    return fetched;
}

std::string UrlImporter::fetch_bytes(const std::string& url, int64_t max_bytes) const {
    std::string body;
    const FetchOutput output{
        .begin = [&] { body.clear(); },
        .write =
            [&](std::string_view chunk) {
                body.append(chunk);
                return true;
            },
        .end = [] {},
    };
    fetch_into(url, max_bytes, output);
    return body;
}

storage::FileRecord import_url(
    const UrlImporter& importer,
    FileService& service,
    const Principal& principal,
    const std::string& url,
    int64_t expires_in
) {
    auto fetched = importer.fetch(service, url);
    return service.commit(principal, fetched.temp, fetched.name, expires_in);
}

}  // namespace chatter::files
