#include "engineio/ws_connection.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <array>

namespace chatter::engineio {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t kCompactAfter = 64;

tcp::socket rehome(beast::tcp_stream stream, const Strand& strand) {
    tcp::socket old = stream.release_socket();
    beast::error_code ec;
    const auto endpoint = old.local_endpoint(ec);
    const auto protocol = ec ? tcp::v4() : endpoint.protocol();
    const auto fd = old.release(ec);
    if (ec) {
        return tcp::socket(strand);
    }
    return tcp::socket(strand, protocol, fd);
}

/// The text-frame prefixes (packet type digits, 'b' for base64) at addresses that outlive any
/// write: the queue may reallocate while a frame is being written.
const char* stable_prefix(char prefix) {
    static constexpr std::string_view kPrefixes = "0123456b";
    return kPrefixes.data() + kPrefixes.find(prefix);
}

}  // namespace

WsConnection::WsConnection(beast::tcp_stream stream, Strand strand, size_t max_message, bool b64)
    : ws_(rehome(std::move(stream), strand)), b64_(b64) {
    ws_.read_message_max(max_message);
    ws_.auto_fragment(false);
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
}

void WsConnection::accept(net::HttpRequest request, std::function<void(beast::error_code)> done) {
    ws_.async_accept(request, [self = shared_from_this(), done = std::move(done)](beast::error_code ec) {
        if (ec) {
            self->failed_ = true;
        }
        done(ec);
    });
}

void WsConnection::start(MessageHandler on_message, ClosedHandler on_closed) {
    on_message_ = std::move(on_message);
    on_closed_ = std::move(on_closed);
    read();
}

void WsConnection::read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, size_t) {
        if (ec) {
            self->failed_ = true;
            if (auto handler = std::move(self->on_closed_)) {
                self->on_closed_ = nullptr;
                self->on_message_ = nullptr;
                handler(ec);
            }
            return;
        }
        const bool binary = self->ws_.got_binary();
        std::string data = beast::buffers_to_string(self->buffer_.data());
        self->buffer_.clear();
        // Free the read buffer between messages: most connections are idle most of the time, and
        // a kept buffer (at least a TCP frame's worth) would dominate their memory.
        self->buffer_.shrink_to_fit();
        if (self->on_message_) {
            self->on_message_(std::move(data), binary);
        }
        if (!self->failed_) {
            self->read();
        }
    });
}

bool WsConnection::write(const Packet& packet, size_t max_queued_bytes) {
    if (closing_ || failed_) {
        return true;
    }
    Frame frame;
    if (packet.binary && b64_) {
        // A `b64=1` client cannot take binary frames (§1.1).
        frame.data = std::make_shared<const std::string>(base64_encode(packet.body()));
        frame.prefix = 'b';
    } else {
        frame.data = packet.data ? packet.data : std::make_shared<const std::string>();
        frame.prefix = packet.binary ? 0 : static_cast<char>(packet.type);
    }
    const size_t size = frame.data->size() + 1;
    if (queued_bytes_ + size > max_queued_bytes) {
        return false;
    }
    queued_bytes_ += size;
    queue_.push_back(std::move(frame));
    write_next();
    return true;
}

void WsConnection::write_next() {
    if (writing_ || failed_) {
        return;
    }
    if (queue_head_ == queue_.size()) {
        queue_.clear();
        queue_head_ = 0;
        if (closing_) {
            finish_close();
        }
        return;
    }
    writing_ = true;
    Frame& frame = queue_[queue_head_];
    ws_.text(frame.prefix != 0);
    auto on_written = [self = shared_from_this()](beast::error_code ec, size_t) {
        self->writing_ = false;
        if (ec) {
            self->failed_ = true;
            self->queue_.clear();
            self->queue_head_ = 0;
            return;
        }
        Frame& written = self->queue_[self->queue_head_++];
        self->queued_bytes_ -= written.data->size() + 1;
        written.data.reset();
        if (self->queue_head_ >= kCompactAfter && self->queue_head_ * 2 >= self->queue_.size()) {
            // A queue that never drains must not grow without bound: drop the written prefix.
            self->queue_.erase(self->queue_.begin(), self->queue_.begin() + static_cast<ptrdiff_t>(self->queue_head_));
            self->queue_head_ = 0;
        }
        self->write_next();
    };
    if (frame.prefix != 0) {
        const std::array<asio::const_buffer, 2> buffers{
            asio::buffer(stable_prefix(frame.prefix), 1), asio::buffer(*frame.data)};
        ws_.async_write(buffers, std::move(on_written));
    } else {
        ws_.async_write(asio::buffer(*frame.data), std::move(on_written));
    }
}

void WsConnection::close(websocket::close_reason reason) {
    if (closing_) {
        return;
    }
    closing_ = true;
    close_reason_ = std::move(reason);
    if (!writing_) {
        write_next();
    }
}

void WsConnection::detach(websocket::close_reason reason) {
    on_message_ = nullptr;
    on_closed_ = nullptr;
    close(std::move(reason));
}

void WsConnection::finish_close() {
    if (close_sent_ || failed_) {
        return;
    }
    close_sent_ = true;
    ws_.async_close(close_reason_, [self = shared_from_this()](beast::error_code) {});
}

}  // namespace chatter::engineio
