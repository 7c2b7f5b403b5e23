#pragma once
// `chatterd backup DEST`: a consistent copy of an embedded (SQLite) installation, taken while the
// server runs, that `chatterd serve --data-dir DEST` starts from as it is.

#include <cstdint>
#include <filesystem>

#include "core/config.hpp"

namespace chatter::app {

struct BackupSummary {
    int64_t database_bytes = 0;
    int64_t files = 0;    // uploads copied from files/
    int64_t avatars = 0;  // images copied from avatars/
};

/// Writes `destination`/chatter.db as one snapshot of the live database (SQLite's VACUUM INTO: one
/// read transaction, so writers carry on), then copies files/ and avatars/ beside it. Files are
/// copied after the snapshot, so every upload the snapshot knows is there (a newer one may come
/// along unreferenced, and the expiry sweep removes it); uploads still being received and
/// half-written avatars are left out, as are entries deleted during the copy.
/// Errors (Error kBadRequest, "backup_refused"): PostgreSQL mode (use pg_dump), no database in
/// config.data_dir, or a destination that exists and is not an empty directory.
BackupSummary backup(const Config& config, const std::filesystem::path& destination);

}  // namespace chatter::app
