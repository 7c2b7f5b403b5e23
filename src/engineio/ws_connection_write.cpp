// WsConnection's write side: the bounded frame queue and the gather writes that drain it
// (architecture.md §4). The read side and the connection's life are in ws_connection.cpp.

#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "engineio/ws_connection.hpp"

namespace chatter::engineio {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr size_t kCompactAfter = 64;
// A queue that grew past this during a burst is freed when it drains: idle connections keep
// only a small one (it is reused, so steady traffic allocates nothing per frame).
constexpr size_t kKeepCapacity = 16;
constexpr size_t kCoalesceBytes = 4096;

const std::shared_ptr<const std::string>& empty_payload() {
    static const auto kEmpty = std::make_shared<const std::string>();
    return kEmpty;
}

}  // namespace

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

}  // namespace chatter::engineio
