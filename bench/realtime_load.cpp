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

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>

#include "load_run.hpp"

namespace asio = boost::asio;
using asio::awaitable;
using chatter::bench::Config;
using chatter::bench::Run;

namespace {

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
