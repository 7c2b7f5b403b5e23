#include "app/backup.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/error.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace chatter::app {

namespace fs = std::filesystem;
using storage::sqlite::Connection;

namespace {

[[noreturn]] void refuse(const std::string& why) {
    throw Error(Errc::kBadRequest, why, "backup_refused");
}

/// Names the server generates for uploads and avatars (hex ids, an extension). Anything else in
/// the database is not trusted as a path.
bool plain_name(std::string_view name) {
    return !name.empty() && name.front() != '.' && name.size() <= 128 &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                      c == '-' || c == '_';
           });
}

std::vector<std::string> column_of(Connection& conn, const char* sql) {
    std::vector<std::string> out;
    auto stmt = conn.prepare(sql);
    while (stmt.step()) {
        out.push_back(stmt.column_text(0));
    }
    return out;
}

/// Copies `from` to `to`; false when `from` is gone (deleted since the snapshot).
bool copy_present(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    fs::copy_file(from, to, fs::copy_options::none, ec);
    if (ec == std::errc::no_such_file_or_directory) {
        return false;
    }
    if (ec) {
        throw std::system_error(ec, "copy " + from.string());
    }
    return true;
}

void prepare_destination(const fs::path& destination) {
    std::error_code ec;
    if (fs::exists(destination, ec)) {
        if (!fs::is_directory(destination) || !fs::is_empty(destination)) {
            refuse(destination.string() + " exists and is not an empty directory; a backup never overwrites.");
        }
    }
    fs::create_directories(destination / "files");
    fs::create_directories(destination / "avatars");
}

}  // namespace

BackupSummary backup(const Config& config, const fs::path& destination) {
    if (!config.database.empty()) {
        refuse(
            "chatterd backup copies the embedded SQLite installation. With --database, back up PostgreSQL "
            "with pg_dump and copy files/ and avatars/ of --data-dir."
        );
    }
    const fs::path source_dir(config.data_dir);
    // Not database_file(), which creates the directory: a mistyped --data-dir must stay an error.
    const fs::path source_db = source_dir / "chatter.db";
    if (!fs::exists(source_db)) {
        refuse("There is no database at " + source_db.string() + ".");
    }
    prepare_destination(destination);
    const fs::path snapshot_file = storage::sqlite::database_file(destination);
    {
        // One read transaction: the server keeps writing meanwhile (WAL), and the copy is the
        // database as of its start.
        Connection source(source_db);
        source.prepare("VACUUM INTO ?").bind(1, snapshot_file.string()).run();
    }

    BackupSummary summary;
    Connection snapshot(snapshot_file);
    for (const auto& id : column_of(snapshot, "SELECT id FROM files")) {
        if (plain_name(id) && copy_present(source_dir / "files" / id, destination / "files" / id)) {
            ++summary.files;
        } else {
            // Expired and swept after the snapshot: the backup must not list what it lacks.
            snapshot.prepare("DELETE FROM files WHERE id = ?").bind(1, id).run();
        }
    }
    for (const auto& name : column_of(snapshot, "SELECT DISTINCT avatar FROM user_profiles WHERE avatar IS NOT NULL")) {
        if (plain_name(name) && copy_present(source_dir / "avatars" / name, destination / "avatars" / name)) {
            ++summary.avatars;
        } else {
            snapshot.prepare("UPDATE user_profiles SET avatar = NULL WHERE avatar = ?").bind(1, name).run();
        }
    }
    // Into the main file, so that the backup is one chatter.db and not also a -wal beside it.
    snapshot.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    summary.database_bytes = static_cast<int64_t>(fs::file_size(snapshot_file));
    return summary;
}

}  // namespace chatter::app
