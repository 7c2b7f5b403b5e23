#pragma once
// The choice of storage backend, made only here: PostgreSQL when --database names a server
// (cluster mode), else the embedded SQLite file in the data directory.

#include <memory>
#include <string>

#include "core/config.hpp"
#include "storage/stores.hpp"

namespace chatter::app {

/// Opens and migrates the configured backend.
std::unique_ptr<storage::Backend> open_backend(const Config& config);

/// Applies the configured backend's missing migrations; returns its schema version.
int migrate_backend(const Config& config);

/// Where the data is, for logs (a PostgreSQL URL without its password, or the SQLite file).
std::string describe_backend(const Config& config);

}  // namespace chatter::app
