#include "engineio/ws_connection.hpp"

#include <sys/socket.h>
#include <sys/uio.h>

#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/beast/websocket/error.hpp>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "engineio/ws_handshake.hpp"

namespace chatter::engineio {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr size_t kCompactAfter = 64;
// A queue that grew past this during a burst is freed when it drains: idle connections keep
// only a small one (it is reused, so steady traffic allocates nothing per frame).
constexpr size_t kKeepCapacity = 16;
constexpr size_t kReadChunk = size_t{64} * 1024;
constexpr size_t kCoalesceBytes = 4096;
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

const std::shared_ptr<const std::string>& empty_payload() {
    static const auto kEmpty = std::make_shared<const std::string>();
    return kEmpty;
}

/// The connections written to while a connection of this thread handles a read (see kick).
struct ReadBatch {
    int depth = 0;
    std::vector<std::shared_ptr<WsConnection>> dirty;
};

ReadBatch& read_batch() {
    thread_local ReadBatch batch;
    return batch;
}

bool would_block(const error_code& ec) {
    return ec == asio::error::would_block || ec == asio::error::try_again;
}

}  // namespace

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

bool WsConnection::write(std::span<const Packet> packets, size_t max_queued_bytes) {
    if (closing_ || failed_) {
        return true;
    }
    size_t size = 0;
    for (const auto& packet : packets) {
        size += packet.body().size() + ws::kMaxHeader + 1;
    }
    if (queued_bytes_ + size > max_queued_bytes) {
        return false;
    }
    for (const auto& packet : packets) {
        queue_packet(packet);
    }
    kick();
    return true;
}

void WsConnection::queue_packet(const Packet& packet) {
    if (packet.binary && b64_) {
        // A `b64=1` client cannot take binary frames (§1.1).
        push(ws::Opcode::kText, std::make_shared<const std::string>(base64_encode(packet.body())), 'b');
    } else if (packet.binary) {
        push(ws::Opcode::kBinary, packet.data ? packet.data : empty_payload(), 0);
    } else {
        push(ws::Opcode::kText, packet.data ? packet.data : empty_payload(), static_cast<char>(packet.type));
    }
}

void WsConnection::push(ws::Opcode opcode, std::shared_ptr<const std::string> data, char prefix) {
    Frame frame{std::move(data), {}};
    frame.header = ws::encode_header(opcode, frame.data->size() + (prefix != 0 ? 1 : 0));
    if (prefix != 0) {
        frame.header.bytes[frame.header.size++] = static_cast<uint8_t>(prefix);
    }
    queued_bytes_ += frame.header.size + frame.data->size();
    queue_.push_back(std::move(frame));
}

void WsConnection::pump() {
    if (writing_ || failed_ || delivering_) {
        return;
    }
    while (true) {
        if (queue_head_ == queue_.size()) {
            queue_.clear();
            queue_head_ = 0;
            if (queue_.capacity() > kKeepCapacity) {
                std::vector<Frame>().swap(queue_);
            }
            if (closing_ && !close_queued_) {
                close_queued_ = true;
                push(
                    ws::Opcode::kClose,
                    std::make_shared<const std::string>(ws::close_payload(close_reason_.code, close_reason_.text)),
                    0
                );
                continue;
            }
            if (close_queued_ && !close_written_) {
                on_close_written();
            }
            return;
        }
        error_code ec;
        const size_t written = gather_and_send(ec);
        if (would_block(ec)) {
            writing_ = true;
            socket_.async_wait(tcp::socket::wait_write, [self = shared_from_this()](error_code wait_ec) {
                self->writing_ = false;
                if (wait_ec) {
                    self->fail();
                    self->stop_reading(wait_ec);
                    return;
                }
                self->pump();
            });
            return;
        }
        if (ec) {
            fail();
            stop_reading(ec);
            return;
        }
        consume(written);
    }
}

size_t WsConnection::gather_and_send(error_code& ec) {
    // Header (with the packet type byte) and payload of up to kMaxGather frames in one sendmsg.
    std::array<iovec, kMaxGather * 2> iov{};
    size_t count = 0;
    size_t total = 0;
    size_t skip = sent_;
    auto add = [&](const void* data, size_t size) {
        if (skip >= size) {
            skip -= size;
            return;
        }
        iov[count].iov_base = const_cast<char*>(static_cast<const char*>(data) + skip);
        iov[count].iov_len = size - skip;
        total += size - skip;
        ++count;
        skip = 0;
    };
    const size_t end = std::min(queue_.size(), queue_head_ + kMaxGather);
    for (size_t i = queue_head_; i < end; ++i) {
        add(queue_[i].header.bytes.data(), queue_[i].header.size);
        add(queue_[i].data->data(), queue_[i].data->size());
    }
    // Small frames are copied into one buffer: the kernel's cost per iovec (copy setup, segment
    // bookkeeping) outweighs copying a few hundred bytes here, and fan-out sends many such writes.
    thread_local std::array<char, kCoalesceBytes> coalesced;
    if (count > 1 && total <= coalesced.size()) {
        size_t at = 0;
        for (size_t i = 0; i < count; ++i) {
            std::memcpy(coalesced.data() + at, iov[i].iov_base, iov[i].iov_len);
            at += iov[i].iov_len;
        }
        iov[0] = {coalesced.data(), total};
        count = 1;
    }
    msghdr message{};
    message.msg_iov = iov.data();
    message.msg_iovlen = count;
    while (true) {
        const ssize_t n = ::sendmsg(socket_.native_handle(), &message, MSG_NOSIGNAL);
        if (n >= 0) {
            return static_cast<size_t>(n);
        }
        if (errno != EINTR) {
            ec = error_code(errno, boost::system::system_category());
            return 0;
        }
    }
}

void WsConnection::consume(size_t written) {
    while (written > 0) {
        Frame& frame = queue_[queue_head_];
        const size_t left = frame.header.size + frame.data->size() - sent_;
        if (written < left) {
            sent_ += written;
            return;
        }
        written -= left;
        sent_ = 0;
        queued_bytes_ -= frame.header.size + frame.data->size();
        frame.data.reset();
        ++queue_head_;
    }
    if (queue_head_ >= kCompactAfter && queue_head_ * 2 >= queue_.size()) {
        // A queue that never drains must not grow without bound: drop the written prefix.
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(queue_head_));
        queue_head_ = 0;
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
