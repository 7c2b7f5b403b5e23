// realtime_load's Socket.IO scenarios against the benchmark app: echo, fanout, idle.

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "load_run.hpp"

namespace chatter::bench {

using boost::asio::awaitable;

awaitable<void> Run::echo() {
    make_clients(config.clients);
    co_await open_all(0, clients.size(), {}, "");
    for (auto& c : clients) {
        c->on_text = [this](Client& self, const std::string& text) { on_ack(self, text, false); };
    }
    const std::string payload = R"(["message-with-ack",{"seq":1,"body":"0123456789abcdef0123456789abcdef"}])";
    const Emit emit = [&](Client& c, uint64_t id, int64_t) { send(c, "42" + std::to_string(id) + payload); };
    co_await warm_up_and_measure(emit, 5);
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

awaitable<void> Run::fanout() {
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

awaitable<void> Run::idle() {
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

}  // namespace chatter::bench
