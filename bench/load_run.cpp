// Opening, pacing and counting for every scenario of realtime_load.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cstdio>

#include "load_run.hpp"

namespace chatter::bench {

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;

void Run::fail(const std::string& what) {
    if (failed++ == 0) {
        first_error = what;
        std::fprintf(stderr, "first failure: %s\n", what.c_str());
    }
}

awaitable<void> Run::sleep(double seconds) {
    asio::steady_timer timer(ctx);
    timer.expires_after(std::chrono::microseconds(static_cast<int64_t>(seconds * 1e6)));
    co_await timer.async_wait(use_awaitable);
}

void Run::make_clients(int n) {
    for (int i = 0; i < n; ++i) {
        clients.push_back(std::make_unique<Client>(ctx));
    }
}

// `concurrency` of these open clients at once.
// (Member coroutines with explicit arguments: GCC 12 miscompiles capturing coroutine lambdas.)
awaitable<void> Run::open_worker(
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
            co_await open_socket(c, config.host, config.port, std::move(cookie), room);
            ++connected;
            asio::co_spawn(ctx, read_loop(c), asio::detached);
        } catch (const std::exception& error) {
            c.dead = true;
            fail(std::string("connect: ") + error.what());
        }
    }
    --*running;
}

awaitable<void> Run::open_all(size_t from, size_t to, std::vector<std::string> cookies, std::string room) {
    size_t next = from;
    int running = config.concurrency;
    for (int k = 0; k < config.concurrency; ++k) {
        asio::co_spawn(ctx, open_worker(&next, to, &running, &cookies, room), asio::detached);
    }
    do {
        co_await sleep(0.01);
    } while (running > 0);
}

awaitable<void> Run::paced(double seconds, Emit emit) {
    const int64_t start = now_ns();
    const auto total = static_cast<long>(seconds * config.rate);
    long k = 0;
    size_t rr = 0;
    asio::steady_timer timer(ctx);
    while (k < total) {
        const int64_t now = now_ns();
        const long due = std::min(total, static_cast<long>(static_cast<double>(now - start) * config.rate / 1e9) + 1);
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

void Run::on_ack(Client& c, const std::string& text, bool check_ok) {
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

awaitable<void> Run::drain(double max_seconds) {
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

awaitable<void> Run::warm_up_and_measure(const Emit& emit, double drain_seconds) {
    co_await paced(config.warmup, emit);
    co_await drain(drain_seconds);
    sent = 0;
    measuring = true;
    cpu.start();
    co_await paced(config.duration, emit);
    co_await drain(2 * drain_seconds);
    cpu.stop();
    measuring = false;
}

void Run::print_common() {
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

}  // namespace chatter::bench
