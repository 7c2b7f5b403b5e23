#include "app/backup.hpp"

#include <string>
#include <system_error>
#include <vector>

#include "core/error.hpp"
#include "features/files/file_service.hpp"
#include "features/users/avatar_store.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace chatter::app {

namespace fs = std::filesystem;
using storage::sqlite::Connection;

namespace {

[[noreturn]] void refuse(const std::string& why) {
    throw Error(Errc::kBadRequest, why, "backup_refused");
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
        // Only names the server generates are trusted as paths.
        if (files::is_file_id(id) &&
            copy_present(files::stored_file_path(source_dir, id), files::stored_file_path(destination, id))) {
            ++summary.files;
        } else {
            // Expired and swept after the snapshot: the backup must not list what it lacks.
            snapshot.prepare("DELETE FROM files WHERE id = ?").bind(1, id).run();
        }
    }
    for (const auto& name : column_of(snapshot, "SELECT DISTINCT avatar FROM user_profiles WHERE avatar IS NOT NULL")) {
        if (users::avatar_type(name) &&
            copy_present(users::stored_avatar_path(source_dir, name), users::stored_avatar_path(destination, name))) {
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
