#pragma once
// What realtime_load measures besides the wire: CPU and resident memory of the server process read
// from /proc, the generator's own CPU, and latency percentiles.

#include <chrono>
#include <cstdint>
#include <vector>

namespace chatter::bench {

using Clock = std::chrono::steady_clock;

int64_t now_ns();

/// Seconds of CPU of a whole process: user (utime) and kernel (stime). The kernel share shows how
/// much of a server's cost is the syscalls and TCP work that any server pays.
struct ProcCpu {
    double user = 0;
    double sys = 0;
};

/// From /proc/<pid>/stat; zeros when the process is gone.
ProcCpu proc_cpu_seconds(int pid);
/// VmRSS of /proc/<pid>/status in KiB; 0 when the process is gone.
long proc_rss_kib(int pid);
/// User and system CPU of this process.
double self_cpu_seconds();

/// The server's and the generator's CPU over one measured window (server `pid` 0: not read).
struct CpuWindow {
    int pid = 0;
    ProcCpu server0;
    double self0 = 0, server = 0, server_sys = 0, self = 0;
    Clock::time_point t0, t1;
    void start();
    void stop();
    [[nodiscard]] double seconds() const { return std::chrono::duration<double>(t1 - t0).count(); }
};

/// The `p` quantile (0..1) of nanosecond `values`, in milliseconds; reorders `values`.
double percentile(std::vector<int64_t>& values, double p);

}  // namespace chatter::bench
