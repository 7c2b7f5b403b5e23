#pragma once
// Collaborative documents: members with roles, the operation history (one row per revision;
// revision 0 inserts the initial content, so any revision can be rebuilt) and a snapshot of the
// text at some revision. The head is the snapshot plus the ops after it: an edit to a large
// document then writes its small op, not the whole text again (snapshots come every N revisions,
// N chosen by the caller).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chatter::storage {

struct DocRecord {
    int64_t id = 0;
    std::string name;
    std::string content;           // UTF-8 text at `content_revision`; empty in list results
    int64_t content_revision = 0;  // the latest snapshot; ops after it up to `revision` give the head
    int64_t created_by_id = 0;
    std::string created_by;  // username
    int64_t created_at = 0;
    std::optional<std::string> last_edited_by;
    int64_t last_edited_at = 0;
    int64_t revision = 0;
    std::string role;  // the asking user's role in docs_for(); empty elsewhere
};

struct DocMemberRecord {
    int64_t user_id = 0;
    std::string username;
    std::string role;  // "creator" | "editor" | "viewer"
    int64_t added_at = 0;
};

struct NewDocMember {
    int64_t user_id = 0;
    std::string role;  // "editor" | "viewer"
};

struct DocRevisionRecord {
    int64_t revision = 0;
    std::optional<std::string> username;  // null when the account was deleted
    std::string op;                       // the operation as JSON text (docs/api-documents.md)
    int64_t length = 0;                   // document length (UTF-16 units) after this revision
    int64_t created_at = 0;
};

class DocStore {
  public:
    virtual ~DocStore() = default;

    /// Creates the document at revision 0 (whose op is `initial_op`, `content` its snapshot) with
    /// its members, atomically.
    virtual DocRecord create(
        const std::string& name,
        const std::string& content,
        const std::string& initial_op,
        int64_t length,
        int64_t creator_id,
        const std::vector<NewDocMember>& members
    ) = 0;
    virtual std::optional<DocRecord> fetch(int64_t doc_id) = 0;
    /// "creator", "editor", "viewer", or nullopt when the user may not see the document.
    virtual std::optional<std::string> role_of(int64_t doc_id, int64_t user_id) = 0;
    /// Documents the user can see (with `role`, without content), most recently edited first.
    virtual std::vector<DocRecord> docs_for(int64_t user_id) = 0;
    /// The creator first, then members by added_at.
    virtual std::vector<DocMemberRecord> members(int64_t doc_id) = 0;

    /// False when already a member (or the creator).
    virtual bool add_member(int64_t doc_id, const NewDocMember& member) = 0;
    /// False when not a (non-creator) member.
    virtual bool set_member_role(int64_t doc_id, const NewDocMember& member) = 0;
    virtual bool remove_member(int64_t doc_id, int64_t user_id) = 0;
    /// Deletes the document with its members and history.
    virtual bool remove(int64_t doc_id) = 0;

    /// Stores revision `revision` (which must be the head + 1, else false and nothing changes) with
    /// its op, and with `snapshot` (the text after it) as the new snapshot when given, atomically;
    /// durable when this returns.
    virtual bool append_revision(
        int64_t doc_id,
        int64_t revision,
        int64_t user_id,
        const std::string& op,
        int64_t length,
        const std::string* snapshot
    ) = 0;
    /// Revisions newest first, only those below `before` when set.
    virtual std::vector<DocRevisionRecord> revisions(int64_t doc_id, std::optional<int64_t> before, int limit) = 0;
    /// The ops of revisions first..last inclusive, oldest first.
    virtual std::vector<DocRevisionRecord> ops(int64_t doc_id, int64_t first, int64_t last) = 0;
};

}  // namespace chatter::storage
