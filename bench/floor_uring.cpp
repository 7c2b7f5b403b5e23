#include "floor_uring.hpp"

#include <cstdio>

#ifdef FLOOR_HAVE_URING

#include <fcntl.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>

#include "floor_protocol.hpp"

namespace floor_bench {

namespace {

constexpr unsigned kBufferCount = 4096;  // provided receive buffers (a power of two)
constexpr unsigned kBufferSize = 4096;
constexpr uint16_t kBufferGroup = 0;
constexpr unsigned kSubmissionEntries = 4096;
constexpr unsigned kCompletionEntries = 65536;

enum class Op : uint64_t { kAccept = 1, kRecv = 2, kSend = 3 };

/// user_data: the operation, the connection's generation (a closed fd number is soon reused,
/// and late completions of the old connection must not reach the new one) and the fd.
uint64_t tag(Op op, uint32_t generation, int fd) {
    return (static_cast<uint64_t>(op) << 56U) | (static_cast<uint64_t>(generation & 0xffffffU) << 32U) |
           static_cast<uint32_t>(fd);
}

struct SendState {
    uint32_t generation = 0;
    std::string sending;  // handed to the kernel; stays put until its completion
    bool in_flight = false;
    bool dropping = false;  // closed once the send in flight completes
};

class UringLoop {
  public:
    UringLoop(int listener, io_uring& ring, io_uring_buf_ring* buffers, char* memory)
        : listener_(listener), ring_(ring), buffers_(buffers), memory_(memory) {}

    void run(const volatile std::sig_atomic_t& stop) {
        arm_accept();
        __kernel_timespec wait{0, 500'000'000};
        while (stop == 0) {
            io_uring_cqe* cqe = nullptr;
            // Every send queued by the last turn goes in with the wait for the next completions.
            io_uring_submit_and_wait_timeout(&ring_, &cqe, 1, &wait, nullptr);
            unsigned head = 0;
            unsigned seen = 0;
            io_uring_for_each_cqe(&ring_, head, cqe) {
                ++seen;
                on_completion(*cqe);
            }
            io_uring_cq_advance(&ring_, seen);
        }
    }

  private:
    io_uring_sqe* next_sqe() {
        io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
        if (sqe == nullptr) {
            io_uring_submit(&ring_);
            sqe = io_uring_get_sqe(&ring_);
        }
        return sqe;
    }

    void arm_accept() {
        io_uring_sqe* sqe = next_sqe();
        io_uring_prep_multishot_accept(sqe, listener_, nullptr, nullptr, SOCK_CLOEXEC);
        io_uring_sqe_set_data64(sqe, tag(Op::kAccept, 0, listener_));
    }

    void arm_recv(int fd, uint32_t generation) {
        io_uring_sqe* sqe = next_sqe();
        io_uring_prep_recv_multishot(sqe, fd, nullptr, 0, 0);
        sqe->flags |= IOSQE_BUFFER_SELECT;
        sqe->buf_group = kBufferGroup;
        io_uring_sqe_set_data64(sqe, tag(Op::kRecv, generation, fd));
    }

    void on_completion(const io_uring_cqe& cqe) {
        const uint64_t data = io_uring_cqe_get_data64(&cqe);
        const auto op = static_cast<Op>(data >> 56U);
        const auto generation = static_cast<uint32_t>((data >> 32U) & 0xffffffU);
        const auto fd = static_cast<int>(static_cast<uint32_t>(data));
        switch (op) {
            case Op::kAccept:
                if (cqe.res >= 0) {
                    on_accept(cqe.res);
                }
                if ((cqe.flags & IORING_CQE_F_MORE) == 0) {
                    arm_accept();
                }
                break;
            case Op::kRecv:
                on_recv(fd, generation, cqe);
                break;
            case Op::kSend:
                on_sent(fd, generation, cqe.res);
                break;
        }
    }

    void on_accept(int fd) {
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        protocol_.add(fd);
        SendState& state = sends_[fd];
        state = SendState{};
        state.generation = ++generation_;
        arm_recv(fd, state.generation);
    }

    SendState* live(int fd, uint32_t generation) {
        const auto it = sends_.find(fd);
        if (it == sends_.end() || (it->second.generation & 0xffffffU) != generation) {
            return nullptr;
        }
        return &it->second;
    }

    void on_recv(int fd, uint32_t generation, const io_uring_cqe& cqe) {
        const bool has_buffer = (cqe.flags & IORING_CQE_F_BUFFER) != 0;
        const unsigned id = cqe.flags >> IORING_CQE_BUFFER_SHIFT;
        char* bytes = memory_ + static_cast<size_t>(id) * kBufferSize;
        SendState* state = live(fd, generation);
        if (state != nullptr && !state->dropping) {
            if (cqe.res == -ENOBUFS) {
                arm_recv(fd, generation);  // every buffer was taken; they are back by now
            } else if (cqe.res <= 0) {
                drop(fd, *state);
            } else {
                on_bytes(fd, *state, std::string_view(bytes, static_cast<size_t>(cqe.res)));
                state = live(fd, generation);
                if (state != nullptr && !state->dropping && (cqe.flags & IORING_CQE_F_MORE) == 0) {
                    arm_recv(fd, generation);
                }
            }
        }
        if (has_buffer) {
            io_uring_buf_ring_add(buffers_, bytes, kBufferSize, id, io_uring_buf_ring_mask(kBufferCount), 0);
            io_uring_buf_ring_advance(buffers_, 1);
        }
    }

    void on_bytes(int fd, SendState& state, std::string_view bytes) {
        FloorConnection* c = protocol_.find(fd);
        if (c == nullptr) {
            return;
        }
        const bool keep = protocol_.on_bytes(*c, bytes);
        // The reader's own replies first: queued first, so they leave first in the next submit.
        write_out(*c, state);
        for (const int other : protocol_.dirty()) {
            if (other == fd) {
                continue;
            }
            FloorConnection* member = protocol_.find(other);
            const auto it = sends_.find(other);
            if (member != nullptr && it != sends_.end()) {
                write_out(*member, it->second);
            }
        }
        protocol_.clear_dirty();
        if (!keep) {
            drop(fd, state);
        }
    }

    void write_out(FloorConnection& c, SendState& state) {
        if (state.in_flight || state.dropping || c.out.empty()) {
            return;
        }
        state.sending.swap(c.out);
        c.out.clear();
        state.in_flight = true;
        io_uring_sqe* sqe = next_sqe();
        io_uring_prep_send(sqe, c.fd, state.sending.data(), state.sending.size(), MSG_NOSIGNAL);
        io_uring_sqe_set_data64(sqe, tag(Op::kSend, state.generation, c.fd));
    }

    void on_sent(int fd, uint32_t generation, int result) {
        SendState* state = live(fd, generation);
        if (state == nullptr) {
            return;
        }
        state->in_flight = false;
        if (state->dropping || result < 0) {
            drop(fd, *state);
            return;
        }
        FloorConnection* c = protocol_.find(fd);
        if (c == nullptr) {
            return;
        }
        state->sending.erase(0, static_cast<size_t>(result));
        if (!state->sending.empty()) {
            c->out.insert(0, state->sending);  // a short send: the rest goes first next time
            state->sending.clear();
        }
        write_out(*c, *state);
    }

    void drop(int fd, SendState& state) {
        if (state.in_flight) {
            // The kernel still reads `sending`: fail the send quickly, close when it completes.
            state.dropping = true;
            ::shutdown(fd, SHUT_RDWR);
            return;
        }
        ::close(fd);
        protocol_.remove(fd);
        sends_.erase(fd);
    }

    int listener_;
    io_uring& ring_;
    io_uring_buf_ring* buffers_;
    char* memory_;
    FloorProtocol protocol_;
    std::unordered_map<int, SendState> sends_;
    uint32_t generation_ = 0;
};

}  // namespace

int run_uring_loop(int listener, const volatile std::sig_atomic_t& stop) {
    // Multishot accept waits in the kernel; a non-blocking listener would fail with EAGAIN.
    ::fcntl(listener, F_SETFL, ::fcntl(listener, F_GETFL) & ~O_NONBLOCK);
    io_uring ring{};
    io_uring_params params{};
    params.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_CQSIZE;
    params.cq_entries = kCompletionEntries;
    if (const int error = io_uring_queue_init_params(kSubmissionEntries, &ring, &params); error < 0) {
        std::fprintf(stderr, "floor_server: io_uring_queue_init: %s\n", std::strerror(-error));
        return 2;
    }
    void* ring_memory = nullptr;
    if (posix_memalign(&ring_memory, 4096, kBufferCount * sizeof(io_uring_buf)) != 0) {
        return 2;
    }
    auto* buffers = static_cast<io_uring_buf_ring*>(ring_memory);
    io_uring_buf_ring_init(buffers);
    io_uring_buf_reg registration{};
    registration.ring_addr = reinterpret_cast<uint64_t>(buffers);
    registration.ring_entries = kBufferCount;
    registration.bgid = kBufferGroup;
    if (const int error = io_uring_register_buf_ring(&ring, &registration, 0); error < 0) {
        std::fprintf(stderr, "floor_server: io_uring_register_buf_ring: %s\n", std::strerror(-error));
        return 2;
    }
    std::unique_ptr<char[]> memory(new char[size_t{kBufferCount} * kBufferSize]);
    for (unsigned i = 0; i < kBufferCount; ++i) {
        io_uring_buf_ring_add(
            buffers,
            memory.get() + size_t{i} * kBufferSize,
            kBufferSize,
            static_cast<uint16_t>(i),
            io_uring_buf_ring_mask(kBufferCount),
            static_cast<int>(i)
        );
    }
    io_uring_buf_ring_advance(buffers, kBufferCount);
    UringLoop loop(listener, ring, buffers, memory.get());
    loop.run(stop);
    io_uring_queue_exit(&ring);
    std::free(ring_memory);
    return 0;
}

}  // namespace floor_bench

#else

namespace floor_bench {

int run_uring_loop(int /*listener*/, const volatile std::sig_atomic_t& /*stop*/) {
    std::fprintf(stderr, "floor_server: built without liburing (install liburing-dev and rebuild)\n");
    return 2;
}

}  // namespace floor_bench

#endif
