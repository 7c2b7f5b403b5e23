// Socket.IO fan-out load generator: N WebSocket clients join one room; a sender broadcasts M
// messages to it (each waits for the server's ack); every client measures delivery latency.
// Target: `chatterd conformance socketio-extended --port P` (events `join` and `broadcast`).
//   realtime_load --port P [--host 127.0.0.1] [--clients 500] [--messages 200] [--threads 2]

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Config {
    std::string host = "127.0.0.1";
    std::string port;
    int clients = 500;
    int messages = 200;
    int threads = 2;
};

struct Stats {
    std::atomic<int> joined{0};
    std::atomic<long> delivered{0};
    std::atomic<int> failed{0};
    std::mutex mutex;
    std::vector<double> latencies_ms;
};

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

using Ws = websocket::stream<beast::tcp_stream>;

awaitable<std::string> read_text(Ws& ws, beast::flat_buffer& buffer) {
    buffer.consume(buffer.size());
    co_await ws.async_read(buffer, use_awaitable);
    co_return beast::buffers_to_string(buffer.data());
}

// Connects, joins "/" and the room; answers pings. Returns once joined.
awaitable<void> open_and_join(Ws& ws, beast::flat_buffer& buffer, const Config& config) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    auto endpoints = co_await resolver.async_resolve(config.host, config.port, use_awaitable);
    co_await beast::get_lowest_layer(ws).async_connect(endpoints, use_awaitable);
    co_await ws.async_handshake(config.host, "/socket.io/?EIO=4&transport=websocket", use_awaitable);
    co_await read_text(ws, buffer);  // open packet
    co_await ws.async_write(asio::buffer(std::string("40")), use_awaitable);
    while (true) {
        const std::string text = co_await read_text(ws, buffer);
        if (text.starts_with("40")) {
            break;
        }
    }
    co_await ws.async_write(asio::buffer(std::string(R"(420["join","bench"])")), use_awaitable);
    while (true) {
        const std::string text = co_await read_text(ws, buffer);
        if (text == "2") {
            co_await ws.async_write(asio::buffer(std::string("3")), use_awaitable);
        } else if (text.starts_with("430")) {
            break;
        }
    }
}

awaitable<void> receiver(const Config& config, Stats& stats, std::atomic<bool>& done) {
    Ws ws(co_await asio::this_coro::executor);
    beast::flat_buffer buffer;
    try {
        co_await open_and_join(ws, buffer, config);
        ++stats.joined;
        std::vector<double> local;
        local.reserve(static_cast<size_t>(config.messages));
        while (static_cast<int>(local.size()) < config.messages && !done) {
            const std::string text = co_await read_text(ws, buffer);
            if (text == "2") {
                co_await ws.async_write(asio::buffer(std::string("3")), use_awaitable);
                continue;
            }
            const auto pos = text.find("\"t\":");
            if (!text.starts_with(R"(42["broadcast")") || pos == std::string::npos) {
                continue;
            }
            const int64_t sent = std::strtoll(text.c_str() + pos + 4, nullptr, 10);
            local.push_back(static_cast<double>(now_ns() - sent) / 1e6);
            ++stats.delivered;
        }
        std::lock_guard lock(stats.mutex);
        stats.latencies_ms.insert(stats.latencies_ms.end(), local.begin(), local.end());
    } catch (const std::exception& error) {
        if (++stats.failed == 1) {
            std::fprintf(stderr, "first client failure: %s\n", error.what());
        }
    }
}

awaitable<void> sender(const Config& config, Stats& stats, Clock::time_point& started, Clock::time_point& sent_all) {
    Ws ws(co_await asio::this_coro::executor);
    beast::flat_buffer buffer;
    co_await open_and_join(ws, buffer, config);
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (stats.joined.load() + stats.failed.load() < config.clients) {
        timer.expires_after(std::chrono::milliseconds(10));
        co_await timer.async_wait(use_awaitable);
    }
    started = Clock::now();
    for (int i = 0; i < config.messages; ++i) {
        const std::string ack_id = std::to_string(1000 + i);
        const std::string frame = std::string("42") + ack_id + R"(["broadcast","bench",{"seq":)" + std::to_string(i) +
                                  R"(,"t":)" + std::to_string(now_ns()) + "}]";
        co_await ws.async_write(asio::buffer(frame), use_awaitable);
        while (true) {
            const std::string text = co_await read_text(ws, buffer);
            if (text == "2") {
                co_await ws.async_write(asio::buffer(std::string("3")), use_awaitable);
            } else if (text.starts_with(std::string("43") + ack_id)) {
                break;
            }
        }
    }
    sent_all = Clock::now();
}

double percentile(std::vector<double>& values, double p) {
    if (values.empty()) {
        return 0;
    }
    const auto index = static_cast<size_t>(p * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<long>(index), values.end());
    return values[index];
}

}  // namespace

int main(int argc, char** argv) {
    Config config;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--host") {
            config.host = value;
        } else if (flag == "--port") {
            config.port = value;
        } else if (flag == "--clients") {
            config.clients = std::atoi(value.c_str());
        } else if (flag == "--messages") {
            config.messages = std::atoi(value.c_str());
        } else if (flag == "--threads") {
            config.threads = std::max(1, std::atoi(value.c_str()));
        }
    }
    if (config.port.empty()) {
        std::fprintf(stderr, "usage: realtime_load --port P [--clients N] [--messages M] [--threads T]\n");
        return 2;
    }
    asio::io_context ctx(config.threads);
    Stats stats;
    std::atomic<bool> done{false};
    Clock::time_point started;
    Clock::time_point sent_all;
    for (int i = 0; i < config.clients; ++i) {
        asio::co_spawn(ctx, receiver(config, stats, done), asio::detached);
    }
    asio::co_spawn(ctx, sender(config, stats, started, sent_all), [&](std::exception_ptr error) {
        if (error) {
            std::fprintf(stderr, "sender failed\n");
        }
    });
    asio::steady_timer watchdog(ctx);
    const auto expected = [&] { return static_cast<long>(config.clients - stats.failed.load()) * config.messages; };
    std::function<void()> watch = [&] {
        watchdog.expires_after(std::chrono::milliseconds(50));
        watchdog.async_wait([&](beast::error_code) {
            if (sent_all != Clock::time_point{} && stats.delivered.load() >= expected()) {
                done = true;
                ctx.stop();
                return;
            }
            watch();
        });
    };
    watch();
    std::vector<std::thread> threads;
    for (int i = 1; i < config.threads; ++i) {
        threads.emplace_back([&] { ctx.run_for(std::chrono::minutes(5)); });
    }
    ctx.run_for(std::chrono::minutes(5));
    const auto finished = Clock::now();
    ctx.stop();
    for (auto& thread : threads) {
        thread.join();
    }
    const double seconds = std::chrono::duration<double>(finished - started).count();
    std::lock_guard lock(stats.mutex);
    std::printf(
        "clients %d (failed %d), messages %d, delivered %ld/%ld in %.3f s: %.0f deliveries/s, "
        "latency ms p50 %.2f p99 %.2f max %.2f\n",
        config.clients,
        stats.failed.load(),
        config.messages,
        stats.delivered.load(),
        expected(),
        seconds,
        static_cast<double>(stats.delivered.load()) / seconds,
        percentile(stats.latencies_ms, 0.5),
        percentile(stats.latencies_ms, 0.99),
        percentile(stats.latencies_ms, 1.0)
    );
    return stats.failed.load() == 0 && stats.delivered.load() == expected() ? 0 : 1;
}
