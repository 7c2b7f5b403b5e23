#pragma once
// floor_server's io_uring event loop (see floor_server.cpp). Built only where liburing is found.

#include <csignal>

namespace floor_bench {

/// Serves `listener` until `stop` becomes non-zero. Returns 0, or 2 when io_uring is unavailable
/// (not built in, or refused by the kernel) after saying why on stderr.
int run_uring_loop(int listener, const volatile std::sig_atomic_t& stop);

}  // namespace floor_bench
