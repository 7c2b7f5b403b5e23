// Long-polling half of Session (socketio-protocol.md §1.4): GET/POST handling and the flush of
// buffered packets into one payload.
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/field.hpp>

#include <chrono>

#include "engineio/session.hpp"

namespace chatter::engineio {

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

constexpr std::string_view kNoop = "6";
constexpr std::chrono::milliseconds kUpgradeNoopDelay{100};

}  // namespace

void Session::schedule_flush() {
    // Deferred so that everything a handler emits in one go leaves in one payload (§1.4).
    if (!pending_get_ || flush_scheduled_) {
        return;
    }
    flush_scheduled_ = true;
    asio::post(strand_, [self = shared_from_this()] {
        self->flush_scheduled_ = false;
        self->flush();
    });
}

void Session::flush() {
    if (websocket_ || !pending_get_ || queue_.empty()) {
        return;
    }
    std::string payload;
    bool first = true;
    for (const auto& packet : queue_) {
        if (!first) {
            payload.push_back('\x1e');
        }
        first = false;
        append_payload_record(payload, packet);
    }
    queue_.clear();
    queued_bytes_ = 0;
    answer_pending(std::move(payload));
}

void Session::answer_pending(std::string payload) {
    auto responder = std::move(pending_get_);
    pending_get_.reset();
    if (responder) {
        responder->send(payload_response(pending_meta_, std::move(payload)));
    }
}

void Session::poll_get(std::shared_ptr<net::HttpResponder> responder, const ResponseMeta& meta) {
    if (state_ == State::kClosed) {
        responder->send(error_response(meta, ErrorCode::kUnknownSid));
        return;
    }
    if (websocket_) {
        responder->send(error_response(meta, ErrorCode::kBadRequest));
        return;
    }
    if (state_ == State::kClosing) {
        if (queue_.empty()) {
            // Client close by POST raced this GET (§3): noop, as if the GET had come first.
            responder->send(payload_response(meta, std::string(kNoop)));
            return;
        }
        pending_get_ = std::move(responder);
        pending_meta_ = meta;
        flush();
        finish(closing_reason_);
        return;
    }
    if (pending_get_) {
        // Overlapping GET: refuse it and close the session; the first GET gets `1` (§1.4).
        responder->send(bare_response(meta, 400));
        finish("transport error");
        return;
    }
    pending_get_ = std::move(responder);
    pending_meta_ = meta;
    if (upgrading_) {
        // Held briefly, like the reference's 100 ms upgrade check (§1.6): a "5" that the client
        // sent before this GET may still be on its way through the WebSocket; if it lands, this GET
        // gets the post-upgrade 400, otherwise noop.
        timer(noop_timer_).expires_after(kUpgradeNoopDelay);
        noop_timer_->async_wait([weak = weak_from_this()](beast::error_code ec) {
            auto self = weak.lock();
            if (!ec && self && self->upgrading_) {
                self->answer_pending(std::string(kNoop));
            }
        });
        return;
    }
    if (!queue_.empty()) {
        flush();
        return;
    }
    std::weak_ptr<Session> weak = weak_from_this();
    net::HttpResponder* raw = pending_get_.get();
    pending_get_->set_abort_handler([weak, raw] {
        if (auto self = weak.lock()) {
            asio::dispatch(self->strand_, [self, raw] {
                // The client aborted its GET: the reference closes the session (§1.4).
                if (self->pending_get_.get() == raw) {
                    self->pending_get_.reset();
                    self->finish("transport close");
                }
            });
        }
    });
}

void Session::poll_post(
    const net::HttpRequest& request, const std::shared_ptr<net::HttpResponder>& responder, const ResponseMeta& meta
) {
    if (state_ != State::kOpen) {
        responder->send(error_response(meta, ErrorCode::kUnknownSid));
        return;
    }
    if (websocket_) {
        responder->send(error_response(meta, ErrorCode::kBadRequest));
        return;
    }
    const auto content_type = request.find(beast::http::field::content_type);
    if (content_type != request.end() && content_type->value().starts_with("application/octet-stream")) {
        responder->send(bare_response(meta, 400));
        finish("transport error");
        return;
    }
    if (request.body().size() > options_.max_http_buffer_size) {
        responder->send(bare_response(meta, 413));
        return;
    }
    auto packets = decode_payload(request.body());
    if (!packets) {
        responder->send(bare_response(meta, 400));
        finish("parse error");
        return;
    }
    // Dispatch before answering `ok`, so that a GET sent after the POST sees the replies (§1.4).
    for (auto& packet : *packets) {
        if (state_ != State::kOpen) {
            break;
        }
        on_packet(std::move(packet));
    }
    responder->send(ok_response(meta));
}

void Session::client_close() {
    if (websocket_ || pending_get_) {
        answer_pending(std::string(kNoop));
        finish("transport close");
        return;
    }
    // No GET to answer yet: linger briefly so a GET racing this POST gets noop, not 400 (§3).
    state_ = State::kClosing;
    closing_reason_ = "transport close";
    timer(grace_timer_).expires_after(options_.close_grace);
    grace_timer_->async_wait([self = shared_from_this()](beast::error_code ec) {
        if (!ec) {
            self->finish("transport close");
        }
    });
}

}  // namespace chatter::engineio
