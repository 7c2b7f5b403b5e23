#pragma once
// Uploaded files (tmpweb): metadata rows; the bytes live in <data_dir>/files/<id>.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chatter::storage {

struct FileRecord {
    std::string id;  // 32 hex characters (128 random bits); also the on-disk name
    std::string name;
    int64_t size = 0;
    std::string mime_type;
    int64_t owner_id = 0;
    std::string owner;  // username, filled by reads
    int64_t created_at = 0;
    int64_t expires_at = 0;
};

class FileStore {
  public:
    virtual ~FileStore() = default;

    /// Inserts the row unless the owner's live files (expires_at > now) plus `record.size` would
    /// exceed `quota` (0: no quota); the check and insert are one transaction. Returns false when
    /// over quota.
    virtual bool insert_within_quota(const FileRecord& record, int64_t quota, int64_t now) = 0;

    /// A live file (expires_at > now), if any.
    virtual std::optional<FileRecord> find(const std::string& id, int64_t now) = 0;

    /// Live files, newest first: the owner's, or everyone's when `owner_id` is nullopt.
    virtual std::vector<FileRecord> list(std::optional<int64_t> owner_id, int64_t now) = 0;

    /// Removes a row; false when it did not exist.
    virtual bool remove(const std::string& id) = 0;

    /// Ids of files with expires_at <= now (at most `limit`).
    virtual std::vector<std::string> expired(int64_t now, int limit) = 0;

    /// Sum of the sizes of live files.
    virtual int64_t total_bytes(int64_t now) = 0;
};

}  // namespace chatter::storage
