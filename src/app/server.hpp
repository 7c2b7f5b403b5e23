#pragma once
// The composition root: the only place that picks the storage backend and wires every feature's
// routes and events.

#include "core/config.hpp"

namespace chatter::app {

/// Runs chatterd until SIGINT/SIGTERM; returns the process exit code.
int run_server(const Config& config);

}  // namespace chatter::app
