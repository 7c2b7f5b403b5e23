#pragma once
// One run of realtime_load: its settings, its clients, what it counted, and the scenarios
// (load_run.cpp: opening and pacing; load_scenarios.cpp: echo, fanout, idle; load_persist.cpp:
// persist). Everything runs on `ctx`, one thread.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/http/verb.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "load_client.hpp"
#include "load_metrics.hpp"

namespace chatter::bench {

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

struct Run {
    using Emit = std::function<void(Client&, uint64_t id, int64_t intended)>;

    Config config;
    boost::asio::io_context ctx{1};
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
    bool ok = false;  // the scenario saw everything it expected

    /// Counts a failure; the first is printed and kept.
    void fail(const std::string& what);
    boost::asio::awaitable<void> sleep(double seconds);
    void make_clients(int n);
    /// Opens clients[from, to) (`cookies[i]` for client i when present) and joins them to `room`.
    boost::asio::awaitable<void> open_all(size_t from, size_t to, std::vector<std::string> cookies, std::string room);
    /// Open-loop sender: config.rate frames/s spread round-robin over the clients for `seconds`.
    boost::asio::awaitable<void> paced(double seconds, Emit emit);
    /// Records the ack in `text` if it answers a pending emit of `c`; with `check_ok`, an ack
    /// without `"ok":true` counts as refused.
    void on_ack(Client& c, const std::string& text, bool check_ok);
    /// `paced(config.warmup)`, then the measured `paced(config.duration)` with the CPU window
    /// around it; acks outstanding after each are waited for (`drain_seconds`, twice that after
    /// the measured part), so only measured emits are counted in `sent`, `acked` and `latencies`.
    boost::asio::awaitable<void> warm_up_and_measure(const Emit& emit, double drain_seconds);
    /// Waits until no client has an ack outstanding, at most `max_seconds`.
    boost::asio::awaitable<void> drain(double max_seconds);
    /// The RESULT fields every scenario prints.
    void print_common();

    boost::asio::awaitable<void> echo();
    boost::asio::awaitable<void> fanout();
    boost::asio::awaitable<void> idle();
    boost::asio::awaitable<void> persist();

  private:
    struct Reply {
        unsigned status = 0;
        std::string body;
        std::string cookie;
    };

    boost::asio::awaitable<void> open_worker(
        size_t* next, size_t to, int* running, const std::vector<std::string>* cookies, std::string room
    );
    /// One HTTP/1.1 request on its own connection; the reply's session cookie, if any.
    boost::asio::awaitable<Reply> request(
        boost::beast::http::verb verb, std::string target, std::string body, std::string cookie
    );
};

}  // namespace chatter::bench
