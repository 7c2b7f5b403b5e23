#pragma once
// Collaborative documents (docs/api-documents.md): membership and roles, and edits as operations
// ordered by the server. Every edit of a document passes through submit(), which holds that
// document's lock while it transforms, commits and fans out, so revisions are gapless and every
// client sees operations in revision order.

#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/event_sink.hpp"
#include "core/principal.hpp"
#include "features/docs/text_op.hpp"
#include "storage/stores.hpp"

namespace chatter::docs {

inline constexpr size_t kMaxContentBytes = size_t{1} << 20;
inline constexpr size_t kMaxNameChars = 100;
inline constexpr int kMaxRevisionsPage = 100;

/// Delivers one event to the room of a document, possibly excluding the editing connection.
using RoomEmit = std::function<void(const std::string& event, const boost::json::value& payload)>;

struct MemberSpec {
    std::string username;
    std::string role;
};

struct JoinSnapshot {
    std::string name;
    std::string content;
    int64_t revision = 0;
    std::string role;
};

struct Accepted {
    int64_t revision = 0;  // the revision the edit became
    TextOp op;             // as applied (transformed)
};

class DocService {
  public:
    /// Called (outside any lock) when `username` lost access to `doc_id` (removed, or the document
    /// was deleted: then `username` is empty), so the realtime adapter can drop their sessions.
    using AccessLost = std::function<void(int64_t doc_id, const std::string& username)>;

    DocService(storage::Backend& backend, EventSink& sink) : backend_(backend), sink_(sink) {}

    void set_access_lost(AccessLost hook) { access_lost_ = std::move(hook); }

    /// Validates everything (name, content size, members exist, roles) before writing anything.
    storage::DocRecord create(
        const Principal& principal,
        const std::string& name,
        const std::string& content,
        const std::vector<MemberSpec>& members
    );
    std::vector<storage::DocRecord> list(const Principal& principal);
    /// With `role` set; 404 doc_not_found for non-members.
    storage::DocRecord get(const Principal& principal, int64_t doc_id);
    std::vector<storage::DocMemberRecord> members(const Principal& principal, int64_t doc_id);

    /// Creator only. Emit doc_member_added / _removed / _role_updated to the room and the user.
    storage::DocMemberRecord add_member(
        const Principal& principal, int64_t doc_id, const std::string& username, const std::string& role
    );
    void remove_member(const Principal& principal, int64_t doc_id, const std::string& username);
    storage::DocMemberRecord update_member_role(
        const Principal& principal, int64_t doc_id, const std::string& username, const std::string& role
    );
    /// Creator only; emits doc_deleted to the room and every former member.
    void remove(const Principal& principal, int64_t doc_id);

    std::vector<storage::DocRevisionRecord> revisions(
        const Principal& principal, int64_t doc_id, std::optional<int64_t> before, int limit
    );
    /// The text of an old revision (viewer+); 404 revision_not_found.
    std::string content_at(const Principal& principal, int64_t doc_id, int64_t revision);
    /// Editor or creator: a new revision whose content equals `revision`'s. Returns the new revision.
    int64_t restore(const Principal& principal, int64_t doc_id, int64_t revision);

    /// Viewer+. `while_locked` runs under the document's lock so that no edit can be broadcast
    /// between the snapshot and the caller joining the room.
    JoinSnapshot join(const Principal& principal, int64_t doc_id, const std::function<void()>& while_locked);

    /// Editor+. Transforms `op` (based on `base_revision`) over the edits accepted since, applies,
    /// commits, then (still in order) emits `doc_op` and `doc_updated` through `emit`.
    Accepted submit(
        const Principal& principal, int64_t doc_id, int64_t base_revision, const TextOp& op, const RoomEmit& emit
    );
    /// A full-content edit, diffed against the content of `base_revision`, then as submit().
    Accepted submit_content(
        const Principal& principal,
        int64_t doc_id,
        int64_t base_revision,
        const std::string& content,
        const RoomEmit& emit
    );

    /// The caller's role, or 404 doc_not_found when they may not see the document.
    std::string require_role(const Principal& principal, int64_t doc_id);
    /// 403 forbidden unless editor or creator.
    void require_editor(const Principal& principal, int64_t doc_id);

  private:
    struct DocState {
        std::mutex mutex;
        bool loaded = false;
        bool deleted = false;
        int64_t revision = 0;
        std::u16string content;
        std::unordered_map<int64_t, TextOp> recent;  // revision → accepted op
    };

    std::shared_ptr<DocState> state(int64_t doc_id);
    /// Under state.mutex: loads from storage; 404 when the document is gone.
    void load(DocState& state, int64_t doc_id);
    /// Under state.mutex: forgets what is cached and loads again (another node moved the head).
    void reload(DocState& state, int64_t doc_id);
    TextOp op_of(DocState& state, int64_t doc_id, int64_t revision);
    std::u16string rebuild(int64_t doc_id, int64_t revision);
    void require_creator(const Principal& principal, int64_t doc_id);
    storage::UserRecord existing_user(const std::string& username);
    void announce_member(
        const std::string& event, int64_t doc_id, const std::string& username, const std::string& role
    );

    storage::Backend& backend_;
    EventSink& sink_;
    AccessLost access_lost_;
    std::mutex states_mutex_;
    std::unordered_map<int64_t, std::shared_ptr<DocState>> states_;
};

/// `{id, name, created_by, created_at, last_edited_by, last_edited_at}` plus `role` when set.
boost::json::object doc_json(const storage::DocRecord& doc);
boost::json::object member_json(const storage::DocMemberRecord& member);

/// Error(kBadRequest, "invalid_role") unless "viewer" or "editor".
void validate_role(const std::string& role);

std::string room_of(int64_t doc_id);

/// Error(kPayloadTooLarge, "content_too_large") above kMaxContentBytes of UTF-8.
void check_content_size(size_t bytes);

}  // namespace chatter::docs
