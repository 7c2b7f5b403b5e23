// floor_server: the least work a server can do for realtime_load's echo and fanout scenarios on
// this machine, to tell how much of a server's CPU is its own and how much any server pays (the
// syscalls, the loopback TCP stack, waking the load generator). It is not a Socket.IO server: it
// speaks just the frames realtime_load sends (floor_protocol.hpp) and trusts them. One thread.
//
// Two event loops over the same protocol code:
//   epoll (default)  level-triggered epoll: one epoll_wait per batch of ready sockets, one recv per
//                    readable socket, and after each recv one send per connection written to, the
//                    reader's own first (the same coalescing and order as chatterd's read batches).
//   --uring          io_uring: multishot accept, multishot recv into a ring of provided buffers,
//                    and every send of a loop turn submitted with the wait for the next
//                    completions in one io_uring_enter. It pays no syscall per socket, so it shows
//                    what is left when a server stops paying for the syscalls themselves.
//   floor_server [port=0] [--uring]   prints `listening on http://127.0.0.1:<port>`; SIGTERM stops it.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>

#include "floor_protocol.hpp"
#include "floor_uring.hpp"

namespace {

using floor_bench::FloorConnection;
using floor_bench::FloorProtocol;

volatile std::sig_atomic_t g_stop = 0;

class EpollLoop {
  public:
    explicit EpollLoop(int listener) : listener_(listener), epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = listener_;
        ::epoll_ctl(epoll_, EPOLL_CTL_ADD, listener_, &event);
    }
    ~EpollLoop() { ::close(epoll_); }
    EpollLoop(const EpollLoop&) = delete;
    EpollLoop& operator=(const EpollLoop&) = delete;

    void run() {
        std::array<epoll_event, 256> events{};
        while (g_stop == 0) {
            const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 500);
            for (int i = 0; i < n; ++i) {
                const epoll_event& event = events[static_cast<size_t>(i)];
                if (event.data.fd == listener_) {
                    accept_all();
                    continue;
                }
                if ((event.events & EPOLLOUT) != 0) {
                    if (auto* c = protocol_.find(event.data.fd)) {
                        write_out(*c);
                    }
                }
                if ((event.events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) {
                    on_readable(event.data.fd);
                }
            }
        }
    }

  private:
    void accept_all() {
        while (true) {
            const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                return;
            }
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            protocol_.add(fd);
            epoll_event event{};
            event.events = EPOLLIN;
            event.data.fd = fd;
            ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event);
        }
    }

    void on_readable(int fd) {
        FloorConnection* c = protocol_.find(fd);
        if (c == nullptr) {
            return;
        }
        const ssize_t n = ::recv(fd, buffer_.data(), buffer_.size(), 0);
        if (n <= 0) {
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                return;
            }
            drop(fd);
            return;
        }
        const bool keep = protocol_.on_bytes(*c, std::string_view(buffer_.data(), static_cast<size_t>(n)));
        // The reader's own replies (acks) first, as chatterd does: its client can send again
        // while the others are written.
        write_out(*c);
        for (const int other : protocol_.dirty()) {
            if (other != fd) {
                if (auto* member = protocol_.find(other)) {
                    write_out(*member);
                }
            }
        }
        protocol_.clear_dirty();
        if (!keep) {
            drop(fd);
        }
    }

    void write_out(FloorConnection& c) {
        while (!c.out.empty()) {
            const ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EAGAIN) {
                    watch(c.fd, EPOLLIN | EPOLLOUT);
                }
                return;
            }
            c.out.erase(0, static_cast<size_t>(n));
        }
        watch(c.fd, EPOLLIN);
    }

    void watch(int fd, uint32_t events) {
        auto& current = watched_[fd];
        if (current != events && !(current == 0 && events == EPOLLIN)) {
            epoll_event event{};
            event.events = events;
            event.data.fd = fd;
            ::epoll_ctl(epoll_, EPOLL_CTL_MOD, fd, &event);
        }
        current = events;
    }

    void drop(int fd) {
        ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
        ::close(fd);
        protocol_.remove(fd);
        watched_.erase(fd);
    }

    int listener_;
    int epoll_;
    FloorProtocol protocol_;
    std::unordered_map<int, uint32_t> watched_;
    std::array<char, size_t{64} * 1024> buffer_{};
};

}  // namespace

int main(int argc, char** argv) {
    int port = 0;
    bool uring = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--uring") == 0) {
            uring = true;
        } else {
            port = std::atoi(argv[i]);
        }
    }
    std::signal(SIGTERM, [](int) { g_stop = 1; });
    std::signal(SIGINT, [](int) { g_stop = 1; });
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(listener, 4096) != 0) {
        std::perror("floor_server: bind/listen");
        return 1;
    }
    socklen_t length = sizeof address;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    std::printf("listening on http://127.0.0.1:%d\n", ntohs(address.sin_port));
    std::fflush(stdout);

    int status = 0;
    if (uring) {
        status = floor_bench::run_uring_loop(listener, g_stop);
    } else {
        EpollLoop loop(listener);
        loop.run();
    }
    ::close(listener);
    return status;
}
