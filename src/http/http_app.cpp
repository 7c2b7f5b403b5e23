#include "http/http_app.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::http {

namespace http = boost::beast::http;

namespace {

constexpr std::string_view kAppCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";
constexpr std::string_view kApiCsp = "default-src 'none'; frame-ancestors 'none'";

// Uploaded files (/files/...) and avatars (/avatars/...) go through the worker pipeline too: their
// bytes are read from disk.
bool is_api_path(std::string_view path) {
    return path.rfind("/api/", 0) == 0 || path == "/api" || path == "/healthz" || path.rfind("/files/", 0) == 0 ||
           path.rfind("/avatars/", 0) == 0;
}

}  // namespace

std::string forwarded_for(const net::HttpRequest& request) {
    std::string joined;
    const auto [first, last] = request.equal_range("X-Forwarded-For");
    for (auto it = first; it != last; ++it) {
        if (!joined.empty()) {
            joined.append(",");
        }
        joined.append(it->value());
    }
    return joined;
}

void add_security_headers(net::HttpResponse& response, bool html) {
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "same-origin");
    response.set("X-Frame-Options", "DENY");
    response.set("Cross-Origin-Opener-Policy", "same-origin");
    if (response.find("Content-Security-Policy") == response.end()) {
        response.set("Content-Security-Policy", html ? kAppCsp : kApiCsp);
    }
}

HttpApp::HttpApp(const Config& config, Router& router, const StaticFiles* static_files, net::WorkerPool& workers)
    : config_(config),
      router_(router),
      static_files_(static_files),
      workers_(workers),
      id_prefix_(crypto::random_token(6)),
      trusted_proxies_(net::parse_networks(config.trusted_proxies)) {}

std::string HttpApp::next_request_id() {
    return fmt::format("{}-{}", id_prefix_, ++request_counter_);
}

void HttpApp::handle(net::HttpRequest request, net::PeerInfo peer, std::shared_ptr<net::HttpResponder> responder) {
    const auto method = request.method();
    const std::string_view target = request.target();
    const std::string_view raw_path = target.substr(0, target.find('?'));
    if ((method == http::verb::get || method == http::verb::head) && !is_api_path(raw_path) &&
        static_files_ != nullptr) {
        // In-memory files: cheap enough for the network thread.
        RequestContext context(request, peer, next_request_id());
        std::optional<net::HttpResponse> response;
        if (context.valid_target()) {
            response = static_files_->serve(request, context.path());
        }
        if (!response) {
            response = error_response(Error(Errc::kNotFound, "There is no such file."));
        }
        add_security_headers(*response, true);
        response->set("X-Request-Id", context.request_id());
        spdlog::debug(
            "{} {} {} {} rid={}", peer.ip, request.method_string(), target, response->result_int(), context.request_id()
        );
        responder->send(std::move(*response));
        return;
    }
    auto shared = std::make_shared<net::HttpRequest>(std::move(request));
    workers_.post([this, shared, peer = std::move(peer), responder = std::move(responder)] {
        responder->send(run(*shared, peer));
    });
}

net::HttpResponse HttpApp::run(const net::HttpRequest& request, const net::PeerInfo& peer) {
    const auto started = std::chrono::steady_clock::now();
    RequestContext context(request, peer, next_request_id());
    context.set_client_ip(net::client_address(peer.ip, forwarded_for(request), trusted_proxies_));
    net::HttpResponse response;
    try {
        if (!context.valid_target()) {
            throw Error(Errc::kBadRequest, "The request path is not valid.");
        }
        if (authenticator_ != nullptr) {
            context.set_user(authenticator_->authenticate(context));
        }
        const bool head = request.method() == http::verb::head;
        auto match = router_.match(head ? http::verb::get : request.method(), context.segments());
        if (match.route == nullptr) {
            if (match.path_exists) {
                std::string allow;
                for (const auto verb : match.allowed) {
                    allow += (allow.empty() ? "" : ", ") + std::string(http::to_string(verb));
                    if (verb == http::verb::get) {
                        allow += ", HEAD";
                    }
                }
                context.extra_headers().emplace_back("Allow", allow);
                throw Error(
                    Errc::kMethodNotAllowed,
                    fmt::format("{} is not allowed on {}.", request.method_string(), context.path())
                );
            }
            throw Error(
                Errc::kNotFound, fmt::format("There is no API route {} {}.", request.method_string(), context.path())
            );
        }
        check_csrf(context, config_);
        if (match.route->access == Access::kSignedIn) {
            context.require_user();
        }
        context.set_params(std::move(match.params));
        response = match.route->handler(context);
    } catch (const Error& error) {
        if (error.errc() == Errc::kInternal) {
            spdlog::error("rid={} {}", context.request_id(), error.message());
        }
        response = error_response(error);
    } catch (const std::exception& unexpected) {
        spdlog::error("rid={} unhandled: {}", context.request_id(), unexpected.what());
        response = error_response(Error(Errc::kInternal, "Something went wrong on the server. Please try again."));
    }
    for (const auto& [name, value] : context.extra_headers()) {
        response.insert(name, value);
    }
    add_security_headers(response, false);
    response.set("X-Request-Id", context.request_id());
    if (request.method() == http::verb::head) {
        response.content_length(response.body().size());
        response.body().clear();
    }
    const auto elapsed_us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    spdlog::info(
        "{} {} {} {} {}us user={} rid={}",
        context.client_ip(),
        request.method_string(),
        context.path(),
        response.result_int(),
        elapsed_us,
        context.user() ? context.user()->username : "-",
        context.request_id()
    );
    return response;
}

namespace {

// "https://host:port" → "host:port"
std::string_view authority_of(std::string_view origin) {
    const size_t scheme = origin.find("://");
    if (scheme == std::string_view::npos) {
        return {};
    }
    origin.remove_prefix(scheme + 3);
    return origin.substr(0, origin.find('/'));
}

}  // namespace

bool same_origin(std::string_view origin, std::string_view host, const std::string& public_origin) {
    if (!public_origin.empty()) {
        return origin == public_origin;
    }
    return !host.empty() && authority_of(origin) == host;
}

void check_csrf(const RequestContext& context, const Config& config) {
    const auto method = context.request().method();
    if (method == http::verb::get || method == http::verb::head || method == http::verb::options) {
        return;
    }
    if (context.user() && context.user()->token_id) {
        return;
    }
    auto reject = [] {
        throw Error(
            Errc::kForbidden, "This request did not come from Chatter's own pages, so it was refused.", "csrf_rejected"
        );
    };
    const std::string_view fetch_site = context.header("Sec-Fetch-Site");
    if (!fetch_site.empty() && fetch_site != "same-origin" && fetch_site != "none") {
        reject();
    }
    const std::string_view origin = context.header("Origin");
    if (!origin.empty()) {
        if (!same_origin(origin, context.header("Host"), config.public_origin)) {
            reject();
        }
        return;
    }
    if (!fetch_site.empty()) {
        return;
    }
    // Neither header: only a body type that a cross-site form cannot produce is trusted.
    const std::string_view content_type = context.header("Content-Type");
    const bool json = content_type.rfind("application/json", 0) == 0;
    if (!json && context.header("X-Requested-With").empty()) {
        reject();
    }
}

}  // namespace chatter::http
