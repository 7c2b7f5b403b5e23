#include "engineio/ws_connection.hpp"

#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/beast/websocket/error.hpp>

#include <stdexcept>

#include "engineio/ws_handshake.hpp"

namespace chatter::engineio {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr size_t kReadChunk = size_t{64} * 1024;
constexpr auto kCloseLinger = std::chrono::seconds(5);

tcp::socket rehome(beast::tcp_stream stream, const Strand& strand) {
    tcp::socket old = stream.release_socket();
    error_code ec;
    const auto endpoint = old.local_endpoint(ec);
    const auto protocol = ec ? tcp::v4() : endpoint.protocol();
    const auto fd = old.release(ec);
    if (ec) {
        return tcp::socket(strand);
    }
    return tcp::socket(strand, protocol, fd);
}

/// One read buffer per network thread, shared by all its connections: bytes are parsed before the
/// handler returns, and only an incomplete frame is copied into its connection.
char* read_buffer() {
    thread_local std::vector<char> buffer(kReadChunk);
    return buffer.data();
}

/// Allocates an operation at its own size. Asio's default recycles a per-thread block as large as
/// the biggest operation it last freed (an HTTP read, a Beast timeout), and an idle connection's
/// readiness wait would then hold 350 bytes where it needs about 130.
template <typename T>
struct ExactAllocator {
    using value_type = T;
    ExactAllocator() = default;
    template <typename U>
    explicit ExactAllocator(const ExactAllocator<U>& /*other*/) {}
    T* allocate(size_t n) { return static_cast<T*>(::operator new(n * sizeof(T))); }
    void deallocate(T* p, size_t /*n*/) { ::operator delete(p); }
    friend bool operator==(const ExactAllocator& /*a*/, const ExactAllocator& /*b*/) { return true; }
};

/// The connections written to while a connection of this thread handles a read (see kick).
struct ReadBatch {
    int depth = 0;
    std::vector<std::shared_ptr<WsConnection>> dirty;
};

ReadBatch& read_batch() {
    thread_local ReadBatch batch;
    return batch;
}

}  // namespace

bool WsConnection::would_block(const error_code& ec) {
    return ec == asio::error::would_block || ec == asio::error::try_again;
}

Strand make_session_strand(const asio::any_io_executor& executor) {
    const auto* io = executor.target<asio::io_context::executor_type>();
    if (io == nullptr) {
        throw std::logic_error("engineio sessions need io_context executors");
    }
    return *io;
}

WsConnection::WsConnection(beast::tcp_stream stream, const Strand& strand, size_t max_message, bool b64)
    : socket_(rehome(std::move(stream), strand)), parser_(max_message), b64_(b64) {
    error_code ec;
    // Reads and writes are tried directly and wait for readiness only when the socket has nothing.
    socket_.non_blocking(true, ec);
    failed_ = static_cast<bool>(ec) || !socket_.is_open();
}

void WsConnection::accept(const net::HttpRequest& request, const std::function<void(error_code)>& done) {
    if (!failed_) {
        // The 101 goes through the write queue as raw bytes, so the open packet queued next
        // follows it in order.
        Frame frame{std::make_shared<const std::string>(ws::switching_protocols(request)), {}};
        queued_bytes_ += frame.data->size();
        queue_.push_back(std::move(frame));
        pump();
    }
    done(failed_ ? asio::error::make_error_code(asio::error::not_connected) : error_code{});
}

void WsConnection::start(MessageHandler on_message, ClosedHandler on_closed) {
    on_message_ = std::move(on_message);
    on_closed_ = std::move(on_closed);
    if (failed_) {
        stop_reading(asio::error::make_error_code(asio::error::not_connected));
        return;
    }
    reading_ = true;
    wait_readable();
}

void WsConnection::wait_readable() {
    // No buffer while idle: only a readiness wait.
    socket_.async_wait(
        tcp::socket::wait_read,
        asio::bind_allocator(
            ExactAllocator<void>(),
            [self = shared_from_this()](error_code ec) {
                if (ec) {
                    self->stop_reading(ec);
                    return;
                }
                self->on_readable();
            }
        )
    );
}

void WsConnection::on_readable() {
    if (failed_ || !reading_) {
        return;
    }
    char* buffer = read_buffer();
    error_code ec;
    const size_t n = socket_.read_some(asio::buffer(buffer, kReadChunk), ec);
    if (would_block(ec)) {
        wait_readable();
        return;
    }
    if (ec) {
        // EOF or reset: nothing more can be exchanged.
        peer_closed_ = true;
        fail();
        stop_reading(ec);
        return;
    }
    std::string_view input(buffer, n);
    ws::Incoming incoming;
    // Frames answered while the read is handled (acks, pongs) leave in one write at the end.
    delivering_ = true;
    ++read_batch().depth;
    while (reading_ && !failed_) {
        const auto status = parser_.next(input, incoming);
        if (status == ws::FrameParser::Status::kNeedMore) {
            break;
        }
        if (status == ws::FrameParser::Status::kError) {
            const uint16_t code = parser_.error_code();
            // A broken peer is not waited for: the socket closes once the close frame is out.
            peer_closed_ = true;
            close(CloseReason{code, ""});
            stop_reading(
                code == ws::close_code::kTooBig ? beast::websocket::error::message_too_big
                                                : beast::websocket::error::bad_frame_payload
            );
            break;
        }
        deliver(incoming);
    }
    delivering_ = false;
    pump();
    if (--read_batch().depth == 0) {
        flush_read_batch();
    }
    if (reading_ && !failed_) {
        wait_readable();
    }
}

void WsConnection::flush_read_batch() {
    ReadBatch& batch = read_batch();
    // By index: a flush runs with depth 0, so it adds nothing to the batch.
    for (size_t i = 0; i < batch.dirty.size(); ++i) {
        auto connection = std::move(batch.dirty[i]);
        // On the connection's own strand: inline when it is idle (the usual case on this thread).
        asio::dispatch(connection->socket_.get_executor(), [connection] {
            connection->flush_scheduled_ = false;
            connection->pump();
        });
    }
    batch.dirty.clear();
}

void WsConnection::kick() {
    if (writing_ || delivering_ || failed_) {
        return;  // the wait for the socket or the end of this connection's own read will write
    }
    ReadBatch& batch = read_batch();
    if (batch.depth == 0) {
        pump();
        return;
    }
    if (!flush_scheduled_) {
        flush_scheduled_ = true;
        batch.dirty.push_back(shared_from_this());
    }
}

void WsConnection::deliver(ws::Incoming& incoming) {
    switch (incoming.opcode) {
        case ws::Opcode::kText:
        case ws::Opcode::kBinary:
            if (on_message_ && !closing_) {
                on_message_(std::move(incoming.payload), incoming.opcode == ws::Opcode::kBinary);
            }
            break;
        case ws::Opcode::kPing:
            if (!closing_) {
                push(ws::Opcode::kPong, std::make_shared<const std::string>(std::move(incoming.payload)), 0);
            }
            break;
        case ws::Opcode::kClose:
            peer_closed_ = true;
            // Answer with the client's code (RFC 6455 §5.5.1), after what is already queued.
            close(CloseReason{incoming.code == ws::close_code::kNoStatus ? ws::close_code::kNormal : incoming.code, ""}
            );
            if (close_written_) {
                fail();
            }
            stop_reading(beast::websocket::error::closed);
            break;
        default:
            break;
    }
}

void WsConnection::stop_reading(error_code ec) {
    reading_ = false;
    if (auto handler = std::move(on_closed_)) {
        on_closed_ = nullptr;
        on_message_ = nullptr;
        handler(ec);
    }
}

void WsConnection::close(CloseReason reason) {
    if (closing_ || failed_) {
        return;
    }
    closing_ = true;
    close_reason_ = reason;
    pump();
}

void WsConnection::detach(CloseReason reason) {
    on_message_ = nullptr;
    on_closed_ = nullptr;
    close(reason);
}

void WsConnection::on_close_written() {
    close_written_ = true;
    if (peer_closed_ || !reading_) {
        fail();
        return;
    }
    // Wait a little for the client's close frame (the read loop goes on), then give up on it.
    linger_ = std::make_unique<asio::steady_timer>(socket_.get_executor(), kCloseLinger);
    linger_->async_wait([self = shared_from_this()](error_code ec) {
        if (!ec) {
            self->fail();
        }
    });
}

void WsConnection::fail() {
    if (failed_) {
        return;
    }
    failed_ = true;
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    if (linger_) {
        linger_->cancel();
    }
    queue_.clear();
    std::vector<Frame>().swap(queue_);
    queue_head_ = 0;
    sent_ = 0;
    queued_bytes_ = 0;
}

}  // namespace chatter::engineio
