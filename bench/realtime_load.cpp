// Socket.IO-over-WebSocket load generator for bench/ (one thread; pin it to its own core).
// Scenarios (see bench/README.md; bench/run.sh runs chatterd and the Node reference side by side):
//   echo     N clients emit `message-with-ack` at a fixed total rate (open loop); latency from the
//            intended send time to the ack; server CPU-µs per message.
//   fanout   N clients join room "bench"; one extra client emits M `broadcast`s to it (W in flight,
//            each waits for its ack); deliveries/s and server CPU-µs per delivery.
//   idle     N clients connect (Engine.IO + Socket.IO CONNECT) and stay idle; server RSS per
//            connection from /proc/<pid>/status VmRSS before and after.
//   persist  against `chatterd serve`: registers U users, makes groups of G, sets SEND_RATE_MAX 0,
//            then every user emits `dm_send`/`gdm_send` (alternately) at a fixed total rate with
//            acks; messages/s, latency, server CPU per message.
// Every scenario is bounded (--duration / --messages / --timeout) and prints one `RESULT k=v ...`
// line. Server CPU is utime+stime of --server-pid from /proc/<pid>/stat over the measured window;
// server_sys_share is the stime part of it (kernel: syscalls and the TCP stack).
//   realtime_load --scenario echo --port P --server-pid PID [--clients 100] [--rate 2000]
//                 [--duration 10] [--warmup 2]
//   realtime_load --scenario fanout --port P --server-pid PID [--clients 1000] [--messages 100]
//                 [--window 4]
//   realtime_load --scenario idle --port P --server-pid PID [--clients 9000]
//   realtime_load --scenario persist --port P --server-pid PID [--users 100] [--group-size 5]
//                 [--rate 500] [--duration 10]

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Config {
    std::string scenario = "fanout";
    std::string host = "127.0.0.1";
    std::string port;
    int server_pid = 0;
    int clients = 0;
    int messages = 100;
    int window = 4;
    int rate = 2000;
    double duration = 10;
    double warmup = 2;
    int users = 100;
    int group_size = 5;
    int concurrency = 64;  // connections being opened at once
    double timeout = 120;  // hard bound on the whole run, seconds
    std::string label;
};

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

// ---- /proc readings -------------------------------------------------------------------------

// Seconds of CPU of the whole process: user (utime) and kernel (stime). The kernel share shows
// how much of a server's cost is the syscalls and TCP work that any server pays.
struct ProcCpu {
    double user = 0;
    double sys = 0;
};

ProcCpu proc_cpu_seconds(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = all.rfind(')');
    if (close == std::string::npos) {
        return {};
    }
    std::istringstream fields(all.substr(close + 2));
    std::string field;
    ProcCpu cpu;
    const auto tick = static_cast<double>(sysconf(_SC_CLK_TCK));
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14) {
            cpu.user = std::strtod(field.c_str(), nullptr) / tick;
        } else if (i == 15) {
            cpu.sys = std::strtod(field.c_str(), nullptr) / tick;
        }
    }
    return cpu;
}

long proc_rss_kib(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("VmRSS:")) {
            return std::strtol(line.c_str() + 6, nullptr, 10);
        }
    }
    return 0;
}

double self_cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

struct CpuWindow {
    int pid = 0;
    ProcCpu server0;
    double self0 = 0, server = 0, server_sys = 0, self = 0;
    Clock::time_point t0, t1;
    void start() {
        t0 = Clock::now();
        server0 = pid ? proc_cpu_seconds(pid) : ProcCpu{};
        self0 = self_cpu_seconds();
    }
    void stop() {
        t1 = Clock::now();
        const ProcCpu now = pid ? proc_cpu_seconds(pid) : ProcCpu{};
        server = (now.user + now.sys) - (server0.user + server0.sys);
        server_sys = now.sys - server0.sys;
        self = self_cpu_seconds() - self0;
    }
    [[nodiscard]] double seconds() const { return std::chrono::duration<double>(t1 - t0).count(); }
};

double percentile(std::vector<int64_t>& values, double p) {
    if (values.empty()) {
        return 0;
    }
    const auto index = static_cast<size_t>(p * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<long>(index), values.end());
    return static_cast<double>(values[index]) / 1e6;
}

// ---- one Socket.IO client over WebSocket -------------------------------------------------------

using Ws = websocket::stream<beast::tcp_stream>;

struct Client {
    explicit Client(asio::io_context& ctx) : ws(ctx) {}
    Ws ws;
    beast::flat_buffer buffer;
    std::deque<std::string> out;
    bool writing = false;
    bool dead = false;
    std::string name;  // persist: username
    std::string peer;  // persist: DM peer
    int64_t thread_id = 0;
    uint64_t next_ack = 1;
    std::unordered_map<uint64_t, int64_t> pending;  // ack id -> intended send time (ns)
    std::function<void(Client&, const std::string&)> on_text;
};

// After the handshake every write bypasses Beast: masked text frames with a zero masking key (legal,
// and XOR with 0 costs nothing), and everything queued on a client goes out in one write. This keeps
// the generator's CPU per message well under the server's.
void append_frame(std::string& wire, const std::string& payload) {
    const size_t n = payload.size();
    wire.push_back(static_cast<char>(0x81));
    if (n < 126) {
        wire.push_back(static_cast<char>(0x80 | n));
    } else if (n < 65536) {
        wire.push_back(static_cast<char>(0x80 | 126));
        wire.push_back(static_cast<char>((n >> 8) & 0xff));
        wire.push_back(static_cast<char>(n & 0xff));
    } else {
        wire.push_back(static_cast<char>(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8) {
            wire.push_back(static_cast<char>((n >> shift) & 0xff));
        }
    }
    wire.append(4, '\0');
    wire += payload;
}

awaitable<void> write_loop(Client& c) {
    std::string wire;
    try {
        while (!c.out.empty()) {
            wire.clear();
            for (const auto& frame : c.out) {
                append_frame(wire, frame);
            }
            c.out.clear();
            co_await asio::async_write(beast::get_lowest_layer(c.ws).socket(), asio::buffer(wire), use_awaitable);
        }
    } catch (const std::exception&) {
        c.dead = true;
    }
    c.writing = false;
}

void send(Client& c, std::string frame) {
    if (c.dead) {
        return;
    }
    c.out.push_back(std::move(frame));
    if (!c.writing) {
        c.writing = true;
        asio::co_spawn(c.ws.get_executor(), write_loop(c), asio::detached);
    }
}

awaitable<std::string> read_text(Client& c) {
    c.buffer.consume(c.buffer.size());
    co_await c.ws.async_read(c.buffer, use_awaitable);
    co_return beast::buffers_to_string(c.buffer.data());
}

// Engine.IO open + Socket.IO CONNECT to "/", optionally with a session cookie; then joins `room`.
awaitable<void> open_socket(Client& c, const Config& config, std::string cookie, std::string room) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    auto endpoints = co_await resolver.async_resolve(config.host, config.port, use_awaitable);
    co_await beast::get_lowest_layer(c.ws).async_connect(endpoints, use_awaitable);
    beast::get_lowest_layer(c.ws).socket().set_option(tcp::no_delay(true));
    if (!cookie.empty()) {
        c.ws.set_option(websocket::stream_base::decorator([cookie](websocket::request_type& request) {
            request.set(http::field::cookie, cookie);
        }));
    }
    c.ws.text(true);
    co_await c.ws.async_handshake(
        config.host + ":" + config.port, "/socket.io/?EIO=4&transport=websocket", use_awaitable
    );
    co_await read_text(c);  // Engine.IO open
    co_await c.ws.async_write(asio::buffer(std::string("40")), use_awaitable);
    while (true) {
        const std::string text = co_await read_text(c);
        if (text.starts_with("40")) {
            break;
        }
        if (text.starts_with("44")) {
            throw std::runtime_error("CONNECT refused: " + text);
        }
    }
    if (!room.empty()) {
        co_await c.ws.async_write(asio::buffer(std::string(R"(420["join",")") + room + "\"]"), use_awaitable);
        while (true) {
            const std::string text = co_await read_text(c);
            if (text == "2") {
                co_await c.ws.async_write(asio::buffer(std::string("3")), use_awaitable);
            } else if (text.starts_with("430")) {
                break;
            }
        }
    }
}

awaitable<void> read_loop(Client& c) {
    try {
        while (true) {
            const std::string text = co_await read_text(c);
            if (text == "2") {
                send(c, "3");
            } else if (c.on_text) {
                c.on_text(c, text);
            }
        }
    } catch (const std::exception&) {
        c.dead = true;
    }
}

// Ack id of a "43<id>[...]" frame (root namespace), or 0.
uint64_t ack_id(const std::string& text) {
    if (!text.starts_with("43")) {
        return 0;
    }
    return std::strtoull(text.c_str() + 2, nullptr, 10);
}

struct Run {
    Config config;
    asio::io_context ctx{1};
    std::vector<std::unique_ptr<Client>> clients;
    int connected = 0;
    int failed = 0;
    std::string first_error;
    CpuWindow cpu;
    std::vector<int64_t> latencies;
    bool measuring = false;
    long sent = 0;
    long acked = 0;
    long refused = 0;
    long delivered = 0;

    void fail(const std::string& what) {
        if (failed++ == 0) {
            first_error = what;
            std::fprintf(stderr, "first failure: %s\n", what.c_str());
        }
    }

    awaitable<void> sleep(double seconds) {
        asio::steady_timer timer(ctx);
        timer.expires_after(std::chrono::microseconds(static_cast<int64_t>(seconds * 1e6)));
        co_await timer.async_wait(use_awaitable);
    }

    // Opens clients[from, to) with `concurrency` handshakes in flight; cookies[i] optional.
    // (Member coroutines with explicit arguments: GCC 12 miscompiles capturing coroutine lambdas.)
    awaitable<void> open_worker(
        size_t* next, size_t to, int* running, const std::vector<std::string>* cookies, std::string room
    ) {
        while (*next < to) {
            const size_t i = (*next)++;
            Client& c = *clients[i];
            try {
                std::string cookie;
                if (i < cookies->size()) {
                    cookie = (*cookies)[i];
                }
                co_await open_socket(c, config, std::move(cookie), room);
                ++connected;
                asio::co_spawn(ctx, read_loop(c), asio::detached);
            } catch (const std::exception& error) {
                c.dead = true;
                fail(std::string("connect: ") + error.what());
            }
        }
        --*running;
    }

    awaitable<void> open_all(size_t from, size_t to, std::vector<std::string> cookies, std::string room) {
        size_t next = from;
        int running = config.concurrency;
        for (int k = 0; k < config.concurrency; ++k) {
            asio::co_spawn(ctx, open_worker(&next, to, &running, &cookies, room), asio::detached);
        }
        do {
            co_await sleep(0.01);
        } while (running > 0);
    }

    // Open-loop sender: `rate` frames/s spread round-robin over the clients for `seconds`.
    awaitable<void> paced(double seconds, std::function<void(Client&, uint64_t id, int64_t intended)> emit) {
        const int64_t start = now_ns();
        const auto total = static_cast<long>(seconds * config.rate);
        long k = 0;
        size_t rr = 0;
        asio::steady_timer timer(ctx);
        while (k < total) {
            const int64_t now = now_ns();
            const long due =
                std::min(total, static_cast<long>(static_cast<double>(now - start) * config.rate / 1e9) + 1);
            for (; k < due; ++k) {
                Client& c = *clients[rr++ % clients.size()];
                if (c.dead) {
                    continue;
                }
                const uint64_t id = c.next_ack++;
                c.pending.emplace(id, now);  // written in this tick (the schedule itself is fixed)
                ++sent;
                emit(c, id, now);
            }
            timer.expires_after(std::chrono::microseconds(1000));
            co_await timer.async_wait(use_awaitable);
        }
    }

    void on_ack(Client& c, const std::string& text, bool check_ok) {
        const uint64_t id = ack_id(text);
        auto it = c.pending.find(id);
        if (it == c.pending.end()) {
            return;
        }
        const int64_t latency = now_ns() - it->second;
        c.pending.erase(it);
        if (check_ok && text.find("\"ok\":true") == std::string::npos) {
            ++refused;
            fail("refused: " + text.substr(0, 300));
            return;
        }
        if (measuring) {
            ++acked;
            latencies.push_back(latency);
        }
    }

    awaitable<void> drain(double max_seconds) {  // waits for outstanding acks
        const auto until = Clock::now() + std::chrono::microseconds(static_cast<int64_t>(max_seconds * 1e6));
        while (Clock::now() < until) {
            size_t pending = 0;
            for (auto& c : clients) {
                pending += c->dead ? 0 : c->pending.size();
            }
            if (pending == 0) {
                break;
            }
            co_await sleep(0.005);
        }
    }

    void make_clients(int n) {
        for (int i = 0; i < n; ++i) {
            clients.push_back(std::make_unique<Client>(ctx));
        }
    }

    void print_common() {
        std::printf(
            " server_cpu_s=%.3f server_sys_share=%.2f loadgen_cpu_s=%.3f window_s=%.3f connected=%d failed=%d",
            cpu.server,
            cpu.server > 0 ? cpu.server_sys / cpu.server : 0,
            cpu.self,
            cpu.seconds(),
            connected,
            failed
        );
    }

    // ---- scenarios ----

    awaitable<void> echo() {
        make_clients(config.clients);
        co_await open_all(0, clients.size(), {}, "");
        for (auto& c : clients) {
            c->on_text = [this](Client& self, const std::string& text) { on_ack(self, text, false); };
        }
        const std::string payload = R"(["message-with-ack",{"seq":1,"body":"0123456789abcdef0123456789abcdef"}])";
        std::function<void(Client&, uint64_t, int64_t)> emit = [&](Client& c, uint64_t id, int64_t) {
            send(c, "42" + std::to_string(id) + payload);
        };
        co_await paced(config.warmup, emit);
        co_await drain(5);
        sent = 0;
        measuring = true;
        cpu.start();
        co_await paced(config.duration, emit);
        co_await drain(10);
        cpu.stop();
        measuring = false;
        const double msgs = static_cast<double>(acked);
        std::printf(
            "RESULT scenario=echo label=%s clients=%d rate=%d sent=%ld acked=%ld achieved_per_s=%.0f "
            "p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f server_cpu_us_per_msg=%.2f "
            "loadgen_cpu_us_per_msg=%.2f msgs_per_server_cpu_s=%.0f",
            config.label.c_str(),
            config.clients,
            config.rate,
            sent,
            acked,
            msgs / cpu.seconds(),
            percentile(latencies, 0.5),
            percentile(latencies, 0.99),
            percentile(latencies, 0.999),
            percentile(latencies, 1.0),
            msgs > 0 ? cpu.server * 1e6 / msgs : 0,
            msgs > 0 ? cpu.self * 1e6 / msgs : 0,
            cpu.server > 0 ? msgs / cpu.server : 0
        );
        print_common();
        std::printf("\n");
        ok = acked == sent && failed == 0;
    }

    awaitable<void> fanout() {
        make_clients(config.clients + 1);  // the last one is the sender, not a member
        co_await open_all(0, static_cast<size_t>(config.clients), {}, "bench");
        co_await open_all(static_cast<size_t>(config.clients), clients.size(), {}, "");
        for (int i = 0; i < config.clients; ++i) {
            clients[static_cast<size_t>(i)]->on_text = [this](Client&, const std::string& text) {
                if (!text.starts_with(R"(42["broadcast")")) {
                    return;
                }
                const auto pos = text.find("\"t\":");
                if (pos != std::string::npos) {
                    latencies.push_back(now_ns() - std::strtoll(text.c_str() + pos + 4, nullptr, 10));
                }
                ++delivered;
            };
        }
        Client& sender = *clients.back();
        int in_flight = 0;
        sender.on_text = [&](Client& self, const std::string& text) {
            const uint64_t id = ack_id(text);
            if (self.pending.erase(id) > 0) {
                --in_flight;
                ++acked;
            }
        };
        const long members = connected - 1;
        const long expected = members * config.messages;
        const auto deadline = Clock::now() + std::chrono::seconds(static_cast<int>(config.timeout));
        cpu.start();
        for (int i = 0; i < config.messages && Clock::now() < deadline && !sender.dead; ++i) {
            while (in_flight >= config.window && Clock::now() < deadline) {
                co_await sleep(0.0002);
            }
            const uint64_t id = sender.next_ack++;
            sender.pending.emplace(id, now_ns());
            ++in_flight;
            ++sent;
            send(
                sender,
                "42" + std::to_string(id) + R"(["broadcast","bench",{"seq":)" + std::to_string(i) + R"(,"t":)" +
                    std::to_string(now_ns()) + "}]"
            );
        }
        while (delivered < expected && Clock::now() < deadline) {
            co_await sleep(0.002);
        }
        cpu.stop();
        const auto d = static_cast<double>(delivered);
        std::printf(
            "RESULT scenario=fanout label=%s members=%ld messages=%d delivered=%ld expected=%ld "
            "deliveries_per_s=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f server_cpu_us_per_delivery=%.3f "
            "loadgen_cpu_us_per_delivery=%.3f deliveries_per_server_cpu_s=%.0f",
            config.label.c_str(),
            members,
            config.messages,
            delivered,
            expected,
            d / cpu.seconds(),
            percentile(latencies, 0.5),
            percentile(latencies, 0.99),
            percentile(latencies, 1.0),
            d > 0 ? cpu.server * 1e6 / d : 0,
            d > 0 ? cpu.self * 1e6 / d : 0,
            cpu.server > 0 ? d / cpu.server : 0
        );
        print_common();
        std::printf("\n");
        ok = delivered == expected && failed == 0;
    }

    awaitable<void> idle() {
        make_clients(config.clients);
        co_await sleep(0.5);
        const long rss0 = proc_rss_kib(config.server_pid);
        cpu.start();
        co_await open_all(0, clients.size(), {}, "");
        co_await sleep(2);  // let the server settle (and the allocator return what it will)
        cpu.stop();
        const long rss1 = proc_rss_kib(config.server_pid);
        const long open = std::count_if(clients.begin(), clients.end(), [](const auto& c) { return !c->dead; });
        std::printf(
            "RESULT scenario=idle label=%s clients=%d open=%ld rss_before_kib=%ld rss_after_kib=%ld "
            "rss_per_conn_kib=%.2f server_cpu_us_per_connect=%.1f",
            config.label.c_str(),
            config.clients,
            open,
            rss0,
            rss1,
            open > 0 ? static_cast<double>(rss1 - rss0) / static_cast<double>(open) : 0,
            open > 0 ? cpu.server * 1e6 / static_cast<double>(open) : 0
        );
        print_common();
        std::printf("\n");
        ok = open == config.clients && failed == 0;
    }

    // ---- persist: HTTP helpers ----

    struct Reply {
        unsigned status = 0;
        std::string body;
        std::string cookie;
    };

    awaitable<Reply> request(http::verb verb, std::string target, std::string body, std::string cookie) {
        beast::tcp_stream stream(ctx);
        tcp::resolver resolver(ctx);
        auto endpoints = co_await resolver.async_resolve(config.host, config.port, use_awaitable);
        co_await stream.async_connect(endpoints, use_awaitable);
        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, config.host + ":" + config.port);
        req.set(http::field::content_type, "application/json");
        if (!cookie.empty()) {
            req.set(http::field::cookie, cookie);
        }
        req.body() = body;
        req.prepare_payload();
        co_await http::async_write(stream, req, use_awaitable);
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        co_await http::async_read(stream, buffer, res, use_awaitable);
        Reply reply{res.result_int(), res.body(), {}};
        for (const auto& field : res) {
            if (field.name() == http::field::set_cookie) {
                const std::string value(field.value());
                reply.cookie = value.substr(0, value.find(';'));
            }
        }
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        co_return reply;
    }

    awaitable<void> persist() {
        const int users = std::max(2, config.users);
        const int group = std::clamp(config.group_size, 2, users);
        make_clients(users);
        std::vector<std::string> cookies(static_cast<size_t>(users));
        for (int i = 0; i < users; ++i) {  // one by one: password hashing is deliberately slow
            Client& c = *clients[static_cast<size_t>(i)];
            c.name = "bench" + std::to_string(i);
            const Reply reply = co_await request(
                http::verb::post,
                "/api/auth/register",
                R"({"username":")" + c.name + R"(","password":"bench-password-1"})",
                ""
            );
            if (reply.status != 201 || reply.cookie.empty()) {
                throw std::runtime_error("register " + c.name + ": " + std::to_string(reply.status) + " " + reply.body);
            }
            cookies[static_cast<size_t>(i)] = reply.cookie;
        }
        const Reply settings = co_await request(
            http::verb::post, "/api/admin/settings", R"({"settings":{"SEND_RATE_MAX":0}})", cookies[0]
        );
        if (settings.status != 200) {
            throw std::runtime_error("settings: " + std::to_string(settings.status) + " " + settings.body);
        }
        for (int first = 0; first + group <= users; first += group) {  // groups of `group` users
            std::string members;
            for (int j = first + 1; j < first + group; ++j) {
                members += (members.empty() ? "\"" : ",\"") + clients[static_cast<size_t>(j)]->name + "\"";
            }
            const Reply reply = co_await request(
                http::verb::post,
                "/api/gdm/threads",
                R"({"name":"bench group )" + std::to_string(first / group) + R"(","members":[)" + members + "]}",
                cookies[static_cast<size_t>(first)]
            );
            if (reply.status != 201) {
                throw std::runtime_error("gdm thread: " + std::to_string(reply.status) + " " + reply.body);
            }
            const int64_t id = json::parse(reply.body).as_object().at("id").to_number<int64_t>();
            for (int j = first; j < first + group; ++j) {
                clients[static_cast<size_t>(j)]->thread_id = id;
            }
        }
        for (int i = 0; i < users; ++i) {
            clients[static_cast<size_t>(i)]->peer = clients[static_cast<size_t>((i + 1) % users)]->name;
        }
        co_await open_all(0, clients.size(), cookies, "");
        for (auto& c : clients) {
            c->on_text = [this](Client& self, const std::string& text) { on_ack(self, text, true); };
        }
        long k = 0;
        std::function<void(Client&, uint64_t, int64_t)> emit = [&](Client& c, uint64_t id, int64_t) {
            const std::string text = "bench message " + std::to_string(k);
            if (c.thread_id != 0 && (k++ % 2) == 1) {
                send(
                    c,
                    "42" + std::to_string(id) + R"(["gdm_send",{"thread_id":)" + std::to_string(c.thread_id) +
                        R"(,"text":")" + text + R"(","attachment":null,"reply_to":null}])"
                );
            } else {
                send(
                    c,
                    "42" + std::to_string(id) + R"(["dm_send",{"to":")" + c.peer + R"(","text":")" + text +
                        R"(","attachment":null,"reply_to":null}])"
                );
            }
        };
        co_await paced(config.warmup, emit);
        co_await drain(10);
        sent = 0;
        measuring = true;
        cpu.start();
        co_await paced(config.duration, emit);
        co_await drain(20);
        cpu.stop();
        measuring = false;
        const double msgs = static_cast<double>(acked);
        std::printf(
            "RESULT scenario=persist label=%s users=%d group_size=%d rate=%d sent=%ld acked=%ld refused=%ld "
            "achieved_per_s=%.0f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f server_cpu_us_per_msg=%.1f "
            "loadgen_cpu_us_per_msg=%.1f",
            config.label.c_str(),
            users,
            group,
            config.rate,
            sent,
            acked,
            refused,
            msgs / cpu.seconds(),
            percentile(latencies, 0.5),
            percentile(latencies, 0.99),
            percentile(latencies, 0.999),
            percentile(latencies, 1.0),
            msgs > 0 ? cpu.server * 1e6 / msgs : 0,
            msgs > 0 ? cpu.self * 1e6 / msgs : 0
        );
        print_common();
        std::printf("\n");
        ok = acked == sent && failed == 0;
    }

    bool ok = false;
};

awaitable<void> run_body(Run& run) {
    const std::string scenario = run.config.scenario;
    if (scenario == "echo") {
        co_await run.echo();
    } else if (scenario == "fanout") {
        co_await run.fanout();
    } else if (scenario == "idle") {
        co_await run.idle();
    } else if (scenario == "persist") {
        co_await run.persist();
    } else {
        throw std::runtime_error("unknown scenario " + scenario);
    }
}

}  // namespace

int main(int argc, char** argv) {
    Config config;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--scenario") {
            config.scenario = value;
        } else if (flag == "--host") {
            config.host = value;
        } else if (flag == "--port") {
            config.port = value;
        } else if (flag == "--server-pid") {
            config.server_pid = std::atoi(value.c_str());
        } else if (flag == "--clients") {
            config.clients = std::atoi(value.c_str());
        } else if (flag == "--messages") {
            config.messages = std::atoi(value.c_str());
        } else if (flag == "--window") {
            config.window = std::max(1, std::atoi(value.c_str()));
        } else if (flag == "--rate") {
            config.rate = std::max(1, std::atoi(value.c_str()));
        } else if (flag == "--duration") {
            config.duration = std::atof(value.c_str());
        } else if (flag == "--warmup") {
            config.warmup = std::atof(value.c_str());
        } else if (flag == "--users") {
            config.users = std::atoi(value.c_str());
        } else if (flag == "--group-size") {
            config.group_size = std::atoi(value.c_str());
        } else if (flag == "--concurrency") {
            config.concurrency = std::max(1, std::atoi(value.c_str()));
        } else if (flag == "--timeout") {
            config.timeout = std::atof(value.c_str());
        } else if (flag == "--label") {
            config.label = value;
        }
    }
    if (config.port.empty()) {
        std::fprintf(
            stderr, "usage: realtime_load --scenario echo|fanout|idle|persist --port P --server-pid PID ...\n"
        );
        return 2;
    }
    if (config.clients <= 0) {
        config.clients = config.scenario == "echo" ? 100 : config.scenario == "idle" ? 9000 : 1000;
    }
    if (config.label.empty()) {
        config.label = "server";
    }
    auto run = std::make_unique<Run>();
    run->config = config;
    run->cpu.pid = config.server_pid;
    bool finished = false;
    std::string error;
    asio::co_spawn(run->ctx, run_body(*run), [&](std::exception_ptr e) {
        finished = true;
        if (e) {
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                error = ex.what();
            }
        }
        run->ctx.stop();
    });
    run->ctx.run_for(std::chrono::microseconds(static_cast<int64_t>((config.timeout + 60) * 1e6)));  // + setup
    if (!finished) {
        std::fprintf(stderr, "realtime_load: timed out after %.0f s\n", config.timeout + 60);
    }
    if (!error.empty()) {
        std::fprintf(stderr, "realtime_load: %s\n", error.c_str());
    }
    std::fflush(stdout);
    std::fflush(stderr);
    // Thousands of sockets and suspended coroutines: let the kernel reclaim them.
    _exit(finished && error.empty() && run->ok ? 0 : 1);
}
