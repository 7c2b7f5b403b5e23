#include "load_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace chatter::bench {

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

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

void CpuWindow::start() {
    t0 = Clock::now();
    server0 = pid != 0 ? proc_cpu_seconds(pid) : ProcCpu{};
    self0 = self_cpu_seconds();
}

void CpuWindow::stop() {
    t1 = Clock::now();
    const ProcCpu now = pid != 0 ? proc_cpu_seconds(pid) : ProcCpu{};
    server = (now.user + now.sys) - (server0.user + server0.sys);
    server_sys = now.sys - server0.sys;
    self = self_cpu_seconds() - self0;
}

double percentile(std::vector<int64_t>& values, double p) {
    if (values.empty()) {
        return 0;
    }
    const auto index = static_cast<size_t>(p * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<long>(index), values.end());
    return static_cast<double>(values[index]) / 1e6;
}

}  // namespace chatter::bench
