// floor_server: the least work a server can do for realtime_load's echo and fanout scenarios on
// this machine, to tell how much of a server's CPU is its own and how much any server pays (the
// syscalls, the loopback TCP stack, waking the load generator). It is not a Socket.IO server: it
// speaks just the frames realtime_load sends (WebSocket transport, namespace "/", the events
// `join`, `message-with-ack` and `broadcast`) and trusts them. Single thread, level-triggered
// epoll: one epoll_wait per batch of ready sockets, one recv per readable socket, and after each
// recv one send per connection written to, the reader's own first (the same coalescing and order
// as chatterd's read batches). A server that batched across reads could pay less in fan-out.
//   floor_server [port=0]     prints `listening on http://127.0.0.1:<port>`; SIGTERM stops it.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engineio/ws_handshake.hpp"

namespace {

constexpr std::string_view kOpen =
    R"(0{"sid":"floor0000000000","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})";
constexpr std::string_view kJoin = R"(["join",)";
constexpr std::string_view kEcho = R"(["message-with-ack",)";
constexpr std::string_view kBroadcast = R"(["broadcast",)";

volatile std::sig_atomic_t g_stop = 0;

struct Connection {
    int fd = -1;
    std::string in;
    std::string out;
    bool upgraded = false;
    bool in_room = false;
    bool dirty = false;
};

class FloorServer {
  public:
    explicit FloorServer(int epoll_fd) : epoll_(epoll_fd) {}

    void accept_all(int listener) {
        while (true) {
            const int fd = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                return;
            }
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            auto connection = std::make_unique<Connection>();
            connection->fd = fd;
            epoll_event event{};
            event.events = EPOLLIN;
            event.data.fd = fd;
            ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event);
            connections_[fd] = std::move(connection);
        }
    }

    void on_readable(int fd) {
        const auto it = connections_.find(fd);
        if (it == connections_.end()) {
            return;
        }
        Connection& c = *it->second;
        std::array<char, 64 * 1024> buffer{};
        const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (n <= 0) {
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                return;
            }
            drop(fd);
            return;
        }
        c.in.append(buffer.data(), static_cast<size_t>(n));
        const bool keep = c.upgraded ? frames(c) : handshake(c);
        // The reader's own replies (acks) first, as chatterd does: its client can send again
        // while the others are written.
        if (c.dirty) {
            c.dirty = false;
            write_out(c);
        }
        flush();
        if (!keep) {
            drop(fd);
        }
    }

    void on_writable(int fd) {
        const auto it = connections_.find(fd);
        if (it != connections_.end()) {
            write_out(*it->second);
        }
    }

  private:
    bool handshake(Connection& c) {
        const auto end = c.in.find("\r\n\r\n");
        if (end == std::string::npos) {
            return true;
        }
        std::string lower(c.in, 0, end);
        for (char& ch : lower) {
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        }
        const auto at = lower.find("sec-websocket-key:");
        if (at == std::string::npos) {
            return false;
        }
        const auto from = c.in.find_first_not_of(' ', at + 18);
        const auto to = c.in.find("\r\n", from);
        const std::string key = c.in.substr(from, to - from);
        c.in.erase(0, end + 4);
        c.upgraded = true;
        c.out += "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
        c.out += "Sec-WebSocket-Accept: " + chatter::engineio::ws::accept_key(key) + "\r\n\r\n";
        send_text(c, kOpen);
        return frames(c);
    }

    // Client frames: masked, unfragmented text (realtime_load sends nothing else but close/pong).
    bool frames(Connection& c) {
        size_t pos = 0;
        while (c.in.size() - pos >= 6) {
            const auto* p = reinterpret_cast<const unsigned char*>(c.in.data() + pos);
            const unsigned opcode = p[0] & 0x0fU;
            size_t length = p[1] & 0x7fU;
            size_t header = 2;
            if (length == 126) {
                length = (size_t{p[2]} << 8U) | p[3];
                header = 4;
            } else if (length == 127) {
                return false;
            }
            if (c.in.size() - pos < header + 4 + length) {
                break;
            }
            const unsigned char* mask = p + header;
            std::string payload(c.in.data() + pos + header + 4, length);
            for (size_t i = 0; i < length; ++i) {
                payload[i] = static_cast<char>(static_cast<unsigned char>(payload[i]) ^ mask[i % 4]);
            }
            pos += header + 4 + length;
            if (opcode == 0x8) {
                return false;
            }
            if (opcode == 0x1) {
                on_text(c, payload);
            }
        }
        c.in.erase(0, pos);
        return true;
    }

    void on_text(Connection& c, std::string_view text) {
        if (text == "40") {
            send_text(c, R"(40{"sid":"floor0000000000"})");
            return;
        }
        if (!text.starts_with("42")) {
            return;  // pongs
        }
        size_t digits = 2;
        while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
            ++digits;
        }
        const std::string id(text.substr(2, digits - 2));
        const std::string_view body = text.substr(digits);
        if (body.starts_with(kEcho)) {
            send_text(c, "43" + id + "[" + std::string(body.substr(kEcho.size())));
            return;
        }
        if (body.starts_with(kJoin)) {
            c.in_room = true;
        } else if (body.starts_with(kBroadcast)) {
            // ["broadcast","<room>",<payload>] -> 42["broadcast",<payload>] to the room.
            const auto comma = body.find(',', kBroadcast.size());
            const std::string frame = R"(42["broadcast",)" + std::string(body.substr(comma + 1));
            for (auto& [fd, member] : connections_) {
                if (member->in_room) {
                    send_text(*member, frame);
                }
            }
        }
        if (!id.empty()) {
            send_text(c, "43" + id + "[]");
        }
    }

    void send_text(Connection& c, std::string_view text) {
        c.out += static_cast<char>(0x81);
        if (text.size() < 126) {
            c.out += static_cast<char>(text.size());
        } else {
            c.out += static_cast<char>(126);
            c.out += static_cast<char>((text.size() >> 8U) & 0xffU);
            c.out += static_cast<char>(text.size() & 0xffU);
        }
        c.out += text;
        if (!c.dirty) {
            c.dirty = true;
            dirty_.push_back(c.fd);
        }
    }

    void flush() {
        for (const int fd : dirty_) {
            const auto it = connections_.find(fd);
            if (it != connections_.end()) {
                it->second->dirty = false;
                write_out(*it->second);
            }
        }
        dirty_.clear();
    }

    void write_out(Connection& c) {
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
        connections_.erase(fd);
        watched_.erase(fd);
    }

    int epoll_;
    std::unordered_map<int, std::unique_ptr<Connection>> connections_;
    std::unordered_map<int, uint32_t> watched_;
    std::vector<int> dirty_;
};

}  // namespace

int main(int argc, char** argv) {
    const int port = argc > 1 ? std::atoi(argv[1]) : 0;
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

    const int epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = listener;
    ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listener, &event);
    FloorServer server(epoll_fd);
    std::array<epoll_event, 256> events{};
    while (g_stop == 0) {
        const int n = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), 500);
        for (int i = 0; i < n; ++i) {
            const int fd = events[static_cast<size_t>(i)].data.fd;
            if (fd == listener) {
                server.accept_all(listener);
                continue;
            }
            if ((events[static_cast<size_t>(i)].events & EPOLLOUT) != 0) {
                server.on_writable(fd);
            }
            if ((events[static_cast<size_t>(i)].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) {
                server.on_readable(fd);
            }
        }
    }
    ::close(epoll_fd);
    ::close(listener);
    return 0;
}
