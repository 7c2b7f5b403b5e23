#include "engineio/server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/http/write.hpp>

#include "core/crypto.hpp"
#include "engineio/session_registry.hpp"
#include "engineio/ws_handshake.hpp"

namespace chatter::engineio {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// 11 random bytes (88 bits) → 15 URL-safe characters. The reference uses 20 characters, but any
// unguessable string works (§1.3), and 15 fit the small-string buffer: the sid is kept in several
// maps, and each longer copy would be a heap block per connection.
constexpr size_t kSidBytes = 11;

std::string_view header(const net::HttpRequest& request, http::field field) {
    const auto it = request.find(field);
    return it == request.end() ? std::string_view() : std::string_view(it->value());
}

// Answers a refused upgrade before any 101 (§1.5) and drops the connection.
void reject_upgrade(beast::tcp_stream stream, unsigned version, unsigned status, std::string message) {
    struct Pending {
        beast::tcp_stream stream;
        http::response<http::string_body> response;
    };
    auto pending = std::make_shared<Pending>(Pending{std::move(stream), {static_cast<http::status>(status), version}});
    pending->response.set(http::field::connection, "close");
    if (status == 426) {
        // The one WebSocket version spoken here (RFC 6455 §4.4).
        pending->response.set(http::field::sec_websocket_version, "13");
    }
    pending->response.set(http::field::content_type, "text/html");
    pending->response.body() = std::move(message);
    pending->response.prepare_payload();
    pending->stream.expires_after(std::chrono::seconds(5));
    http::async_write(pending->stream, pending->response, [pending](beast::error_code, size_t) {
        beast::error_code ignored;
        pending->stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        pending->stream.close();
    });
}

}  // namespace

struct Server::Checked {
    Query query;
    ResponseMeta meta;
    std::shared_ptr<Session> session;  // null for a handshake
    std::optional<ErrorCode> error;
    std::string message;
};

Server::Server(Options options, ExecutorSource executors)
    : registry_(std::make_shared<SessionRegistry>(std::move(options))),
      executors_(std::move(executors)),
      on_connection_(std::make_shared<ConnectionHandler>()) {}

Server::~Server() {
    // No close_all() here: the network contexts may already be gone (the HTTP server is usually
    // destroyed first), and posting to them would be undefined. Sessions hold the registry, so
    // clearing it breaks that cycle; whatever still runs finishes on its own timers.
    registry_->clear();
}

void Server::on_connection(ConnectionHandler handler) {
    *on_connection_ = std::move(handler);
}

const Options& Server::options() const {
    return registry_->options();
}

size_t Server::session_count() const {
    return registry_->size();
}

void Server::close_all() {
    for (const auto& session : registry_->all()) {
        session->shutdown();
    }
}

bool Server::matches(std::string_view target) const {
    const std::string_view path = target_path(target);
    std::string_view base = options().path;
    if (path == base) {
        return true;
    }
    if (base.ends_with('/')) {
        base.remove_suffix(1);
    }
    return path == base;
}

size_t Server::max_body_bytes() const {
    return options().max_http_buffer_size;
}

std::optional<Server::Checked> Server::check(const net::HttpRequest& request, const net::PeerInfo& peer, bool upgrade)
    const {
    const Options& opts = options();
    Checked checked;
    checked.meta = make_meta(request, opts.cors);
    auto query = parse_query(request.target());
    if (!query) {
        checked.error = ErrorCode::kBadRequest;
        return checked;
    }
    checked.query = std::move(*query);
    const Query& q = checked.query;
    if (!q.transport || (*q.transport != "polling" && *q.transport != "websocket")) {
        checked.error = ErrorCode::kUnknownTransport;
        return checked;
    }
    if (!q.eio || *q.eio != "4") {
        checked.error = ErrorCode::kUnsupportedProtocolVersion;
        return checked;
    }
    if (opts.allowed_origin && !opts.allowed_origin(header(request, http::field::origin))) {
        checked.error = ErrorCode::kBadRequest;
        return checked;
    }
    if ((*q.transport == "websocket") != upgrade) {
        // A websocket GET without Upgrade, or an Upgrade for the polling transport (§1.8).
        checked.error = ErrorCode::kBadRequest;
        return checked;
    }
    if (q.sid) {
        checked.session = registry_->find(*q.sid);
        if (!checked.session) {
            checked.error = ErrorCode::kUnknownSid;
        }
        return checked;
    }
    if (request.method() != http::verb::get) {
        checked.error = ErrorCode::kBadHandshakeMethod;
        return checked;
    }
    if (opts.allow_request) {
        std::string refusal = opts.allow_request(request, peer);
        if (!refusal.empty()) {
            checked.error = ErrorCode::kForbidden;
            checked.message = std::move(refusal);
        }
    }
    return checked;
}

void Server::handle_http(net::HttpRequest request, net::PeerInfo peer, std::shared_ptr<net::HttpResponder> responder) {
    if (request.method() == http::verb::options && options().cors.mode != CorsOptions::Mode::kOff) {
        responder->send(preflight_response(request, make_meta(request, options().cors)));
        return;
    }
    auto checked = check(request, peer, false);
    if (checked->error) {
        responder->send(error_response(checked->meta, *checked->error, checked->message));
        return;
    }
    if (auto session = std::move(checked->session)) {
        const ResponseMeta meta = checked->meta;
        const http::verb method = request.method();
        asio::dispatch(
            session->strand(),
            [session, method, meta, request = std::move(request), responder = std::move(responder)]() mutable {
                if (method == http::verb::get) {
                    session->poll_get(std::move(responder), meta);
                } else if (method == http::verb::post) {
                    session->poll_post(request, responder, meta);
                } else {
                    responder->send(bare_response(meta, 400));
                }
            }
        );
        return;
    }
    const bool b64 = checked->query.b64;
    auto session = std::make_shared<Session>(
        registry_,
        make_session_strand(executors_()),
        crypto::random_token(kSidBytes),
        std::move(request),
        std::move(peer),
        b64
    );
    registry_->add(session->id(), session);
    asio::dispatch(
        session->strand(),
        [session, meta = checked->meta, responder = std::move(responder), on_connection = on_connection_] {
            session->open_polling(responder, meta);
            if (*on_connection) {
                (*on_connection)(session);
            }
        }
    );
}

void Server::handle_upgrade(beast::tcp_stream stream, net::HttpRequest request, net::PeerInfo peer) {
    auto checked = check(request, peer, true);
    const unsigned version = request.version();
    if (checked->error) {
        const auto status = *checked->error == ErrorCode::kForbidden ? 403u : 400u;
        // The reference writes the bare message text here, not the JSON body (§1.5).
        std::string message =
            checked->message.empty() ? std::string(reference_message(*checked->error)) : checked->message;
        reject_upgrade(std::move(stream), version, status, std::move(message));
        return;
    }
    if (auto refused = ws::check_upgrade(request)) {
        reject_upgrade(std::move(stream), version, refused->status, std::move(refused->message));
        return;
    }
    const size_t max_message = options().max_http_buffer_size;
    const bool b64 = checked->query.b64;
    if (auto session = std::move(checked->session)) {
        auto ws = std::make_shared<WsConnection>(std::move(stream), session->strand(), max_message, b64);
        asio::dispatch(session->strand(), [session, ws, request = std::move(request)] {
            ws->accept(request, [session, ws](beast::error_code ec) {
                if (!ec) {
                    session->upgrade(ws);
                }
            });
        });
        return;
    }
    Strand strand = make_session_strand(stream.get_executor());
    auto ws = std::make_shared<WsConnection>(std::move(stream), strand, max_message, b64);
    auto session =
        std::make_shared<Session>(registry_, strand, crypto::random_token(kSidBytes), request, std::move(peer), b64);
    asio::dispatch(
        strand,
        [registry = registry_, session, ws, request = std::move(request), on_connection = on_connection_] {
            ws->accept(request, [registry, session, ws, on_connection](beast::error_code ec) {
                if (ec) {
                    return;
                }
                registry->add(session->id(), session);
                session->open_websocket(ws);
                if (*on_connection) {
                    (*on_connection)(session);
                }
            });
        }
    );
}

}  // namespace chatter::engineio
