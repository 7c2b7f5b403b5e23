#pragma once
// Conformance mode (socketio-protocol.md §3): the servers the official Engine.IO and Socket.IO
// compliance suites expect, for `chatterd conformance <mode> --port N`.

#include <string_view>

namespace chatter::app {

/// Runs the conformance server until SIGINT/SIGTERM. `mode` is "engineio" (raw echo at
/// /engine.io/), "socketio" (the suite's app at /socket.io/), or "socketio-extended" (that app
/// plus the events tests/realtime and bench/ use, reference heartbeat timings, and a "/recovery"
/// namespace with connection-state recovery). Port 0 picks a free port. Prints
/// `listening on http://127.0.0.1:<port>` on stdout once bound. `threads` network threads, each
/// with its own io_context. Returns the process exit code.
int run_conformance(std::string_view mode, int port, int threads = 2);

}  // namespace chatter::app
