#include "net/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <limits>

#include "core/crypto.hpp"
#include "net/http_server.hpp"

namespace chatter::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Handed to whoever answers a request; outlives nothing it should not: it holds the session
// alive until it has sent (or the connection is gone).
class HttpSession::Responder : public HttpResponder {
  public:
    Responder(std::shared_ptr<HttpSession> session, unsigned generation)
        : session_(std::move(session)), generation_(generation) {}

    void send(HttpResponse response) override {
        if (sent_.exchange(true)) {
            return;
        }
        auto session = session_;
        asio::post(session->stream_.get_executor(), [session, gen = generation_, r = std::move(response)]() mutable {
            if (gen == session->request_generation_) {
                session->send_response(std::move(r));
            }
        });
    }

    void set_abort_handler(std::function<void()> handler) override {
        auto session = session_;
        asio::post(session->stream_.get_executor(), [session, gen = generation_, h = std::move(handler)]() mutable {
            if (gen != session->request_generation_) {
                return;
            }
            if (session->closed_) {
                h();
                return;
            }
            session->abort_handler_ = std::move(h);
            session->watch_for_abort();
        });
    }

  private:
    std::shared_ptr<HttpSession> session_;
    unsigned generation_;
    std::atomic<bool> sent_{false};
};

HttpSession::HttpSession(HttpServer& server, tcp::socket socket) : server_(server), stream_(std::move(socket)) {
    beast::error_code ec;
    const auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) {
        auto address = endpoint.address();
        if (address.is_v6() && address.to_v6().is_v4_mapped()) {
            address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
        }
        peer_.ip = address.to_string();
        peer_.port = endpoint.port();
    }
}

void HttpSession::start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
}

void HttpSession::shutdown_when_idle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
        if (!self->busy_) {
            self->close();
        } else {
            self->close_after_ = true;
        }
    });
}

void HttpSession::force_close() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->close(); });
}

void HttpSession::read_header() {
    if (closed_) {
        return;
    }
    busy_ = false;
    if (server_.stopping() || close_after_) {
        close();
        return;
    }
    parser_.emplace();
    parser_->header_limit(16 * 1024);
    // The real limit depends on the target; set after the header (an early limit would make Beast
    // fail a large Content-Length inside the header read, hiding the 413).
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    stream_.expires_after(std::chrono::seconds(server_.options_.idle_timeout_s));
    http::async_read_header(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
        self->on_header(ec);
    });
}

void HttpSession::on_header(beast::error_code ec) {
    if (ec == http::error::body_limit) {
        busy_ = true;
        reply_and_close(http::status::payload_too_large, "payload_too_large", "The request body is too large.");
        return;
    }
    if (ec == http::error::header_limit) {
        busy_ = true;
        reply_and_close(
            http::status::request_header_fields_too_large, "headers_too_large", "The request headers are too large."
        );
        return;
    }
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof) {
        close();
        return;
    }
    if (ec) {
        busy_ = true;
        reply_and_close(http::status::bad_request, "bad_request", "The request is not valid HTTP.");
        return;
    }
    busy_ = true;
    auto& request = parser_->get();
    RealtimeEndpoint* realtime = server_.realtime_;
    realtime_request_ = realtime != nullptr && realtime->matches(request.target());
    if (realtime_request_ && beast::websocket::is_upgrade(request)) {
        // The upgrade request has no body; after it the stream belongs to the realtime endpoint.
        stream_.expires_never();
        HttpRequest upgrade = parser_->release();
        closed_ = true;
        server_.unregister_session(this);
        realtime->handle_upgrade(std::move(stream_), std::move(upgrade), peer_);
        return;
    }
    request.erase(kBodyFileHeader);
    if (!realtime_request_ && server_.options_.file_body_limit) {
        if (const uint64_t file_limit = server_.options_.file_body_limit(request.target()); file_limit > 0) {
            if (auto length = parser_->content_length(); length && *length > file_limit) {
                reply_and_close(http::status::payload_too_large, "payload_too_large", "The request body is too large.");
                return;
            }
            if (!start_file_body(file_limit)) {
                reply_and_close(
                    http::status::internal_server_error, "internal", "The server could not store the upload."
                );
            }
            return;
        }
    }
    const size_t limit = realtime_request_ ? realtime->max_body_bytes() : server_.options_.max_body_bytes;
    if (auto length = parser_->content_length(); length && *length > limit) {
        reply_and_close(http::status::payload_too_large, "payload_too_large", "The request body is too large.");
        return;
    }
    parser_->body_limit(limit);
    stream_.expires_after(std::chrono::seconds(server_.options_.request_timeout_s));
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
        self->on_body(ec);
    });
}

void HttpSession::on_body(beast::error_code ec) {
    if (ec == http::error::body_limit) {
        reply_and_close(http::status::payload_too_large, "payload_too_large", "The request body is too large.");
        return;
    }
    if (ec) {
        close();
        return;
    }
    // Long-polling requests may wait for minutes; the endpoint's own timers govern them.
    stream_.expires_never();
    HttpRequest request = parser_->release();
    request_keep_alive_ = request.keep_alive();
    version_ = request.version();
    dispatch(std::move(request));
}

bool HttpSession::start_file_body(uint64_t limit) {
    // The file name is random: nothing from the request reaches the filesystem.
    body_file_ =
        (std::filesystem::path(server_.options_.file_body_dir) / ("body-" + crypto::random_token(16))).string();
    file_parser_.emplace(std::move(*parser_));
    parser_.reset();
    beast::error_code ec;
    file_parser_->get().body().open(body_file_.c_str(), beast::file_mode::write_new, ec);
    if (ec) {
        body_file_.clear();
        return false;
    }
    file_parser_->body_limit(limit);
    stream_.expires_after(std::chrono::seconds(server_.options_.request_timeout_s));
    http::async_read(stream_, buffer_, *file_parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
        self->on_file_body(ec);
    });
    return true;
}

void HttpSession::on_file_body(beast::error_code ec) {
    beast::error_code ignored;
    file_parser_->get().body().file().close(ignored);
    if (ec == http::error::body_limit) {
        remove_body_file();
        reply_and_close(http::status::payload_too_large, "payload_too_large", "The request body is too large.");
        return;
    }
    if (ec) {
        remove_body_file();
        close();
        return;
    }
    stream_.expires_never();
    auto message = file_parser_->release();
    file_parser_.reset();
    HttpRequest request(std::move(message.base()));
    request.set(kBodyFileHeader, body_file_);
    request_keep_alive_ = request.keep_alive();
    version_ = request.version();
    dispatch(std::move(request));
}

void HttpSession::remove_body_file() {
    if (body_file_.empty()) {
        return;
    }
    std::error_code ignored;
    std::filesystem::remove(body_file_, ignored);
    body_file_.clear();
}

void HttpSession::dispatch(HttpRequest request) {
    auto responder = std::make_shared<Responder>(shared_from_this(), request_generation_);
    try {
        if (realtime_request_) {
            server_.realtime_->handle_http(std::move(request), peer_, responder);
        } else {
            server_.handler_(std::move(request), peer_, responder);
        }
    } catch (const std::exception&) {
        HttpResponse response{http::status::internal_server_error, version_};
        response.set(http::field::content_type, "application/json");
        response.body() = R"({"ok":false,"error":"The server failed to handle the request.","code":"internal"})";
        responder->send(std::move(response));
    }
}

void HttpSession::send_response(HttpResponse response) {
    if (closed_) {
        return;
    }
    ++request_generation_;
    remove_body_file();
    if (abort_handler_) {
        abort_handler_ = nullptr;
        beast::error_code ignored;
        stream_.socket().cancel(ignored);
    }
    const bool close_now = close_after_ || server_.stopping() || !request_keep_alive_;
    response.version(version_);
    response.keep_alive(!close_now);
    if (response.find("X-Content-Type-Options") == response.end()) {
        response.set("X-Content-Type-Options", "nosniff");
    }
    // A HEAD answer carries the Content-Length of the GET it mirrors, and no body.
    if (!(response.body().empty() && response.has_content_length())) {
        response.prepare_payload();
    }
    auto shared = std::make_shared<HttpResponse>(std::move(response));
    stream_.expires_after(std::chrono::seconds(server_.options_.request_timeout_s));
    http::async_write(stream_, *shared, [self = shared_from_this(), shared, close_now](beast::error_code ec, size_t) {
        self->on_write(close_now, ec);
    });
}

void HttpSession::on_write(bool close_now, beast::error_code ec) {
    if (ec || close_now) {
        close();
        return;
    }
    read_header();
}

void HttpSession::watch_for_abort() {
    stream_.socket().async_wait(
        tcp::socket::wait_read,
        [self = shared_from_this(), gen = request_generation_](beast::error_code ec) {
            if (gen != self->request_generation_ || self->closed_ || ec == asio::error::operation_aborted) {
                return;
            }
            char probe = 0;
            beast::error_code peek_ec;
            const size_t n =
                self->stream_.socket().receive(asio::buffer(&probe, 1), tcp::socket::message_peek, peek_ec);
            if (ec || peek_ec || n == 0) {
                self->close();
            }
            // Otherwise the client pipelined its next request; it is read after this response.
        }
    );
}

void HttpSession::reply_and_close(http::status status, std::string_view code, std::string_view message) {
    close_after_ = true;
    request_keep_alive_ = false;
    HttpResponse response{status, version_};
    response.set(http::field::content_type, "application/json");
    boost::json::object body{{"ok", false}, {"error", message}, {"code", code}};
    response.body() = boost::json::serialize(body);
    send_response(std::move(response));
}

void HttpSession::close() {
    if (closed_) {
        return;
    }
    closed_ = true;
    remove_body_file();
    if (auto handler = std::move(abort_handler_)) {
        abort_handler_ = nullptr;
        handler();
    }
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
    server_.unregister_session(this);
}

}  // namespace chatter::net
