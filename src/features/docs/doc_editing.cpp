// The editing half of DocService: per-document state, the OT pipeline, joins and revisions.

#include <boost/json.hpp>

#include "core/error.hpp"
#include "features/docs/doc_service.hpp"

namespace chatter::docs {

namespace json = boost::json;

namespace {

/// Accepted ops kept in memory per document; older bases are transformed from storage.
constexpr size_t kRecentOps = 512;

/// A snapshot of the whole text every this many revisions: an edit of a 1 MiB document then
/// commits its op alone (tens of KiB of WAL instead of MiBs), and loading replays at most this
/// many ops (BENCHMARKS.md, documents).
constexpr int64_t kSnapshotEvery = 100;

/// Commits tried when other nodes keep moving the head (each retry transforms over their edits).
constexpr int kCommitAttempts = 8;

Error doc_not_found() {
    return Error(Errc::kNotFound, "Document not found.", "doc_not_found");
}

}  // namespace

std::shared_ptr<DocService::DocState> DocService::state(int64_t doc_id) {
    std::lock_guard lock(states_mutex_);
    auto& slot = states_[doc_id];
    if (!slot) {
        slot = std::make_shared<DocState>();
    }
    return slot;
}

void DocService::load(DocState& state, int64_t doc_id) {
    if (state.deleted) {
        throw doc_not_found();
    }
    if (state.loaded) {
        return;
    }
    const auto doc = backend_.docs().fetch(doc_id);
    if (!doc) {
        throw doc_not_found();
    }
    state.content = from_utf8(doc->content);
    if (doc->content_revision < doc->revision) {
        for (const auto& row : backend_.docs().ops(doc_id, doc->content_revision + 1, doc->revision)) {
            state.content = apply_op(state.content, op_from_json(json::parse(row.op)));
        }
    }
    state.revision = doc->revision;
    state.loaded = true;
}

void DocService::reload(DocState& state, int64_t doc_id) {
    state.loaded = false;
    state.recent.clear();
    load(state, doc_id);
}

TextOp DocService::op_of(DocState& state, int64_t doc_id, int64_t revision) {
    if (auto it = state.recent.find(revision); it != state.recent.end()) {
        return it->second;
    }
    const auto rows = backend_.docs().ops(doc_id, revision, revision);
    if (rows.empty()) {
        throw Error(Errc::kBadRequest, "That revision is no longer available.", "invalid_revision");
    }
    return op_from_json(json::parse(rows.front().op));
}

std::u16string DocService::rebuild(int64_t doc_id, int64_t revision) {
    std::u16string text;
    for (const auto& row : backend_.docs().ops(doc_id, 0, revision)) {
        text = apply_op(text, op_from_json(json::parse(row.op)));
    }
    return text;
}

storage::DocRecord DocService::get(const Principal& principal, int64_t doc_id) {
    const auto role = require_role(principal, doc_id);
    auto doc = state(doc_id);
    std::lock_guard lock(doc->mutex);
    load(*doc, doc_id);
    auto record = backend_.docs().fetch(doc_id);
    if (!record) {
        throw doc_not_found();
    }
    if (record->revision != doc->revision) {
        reload(*doc, doc_id);  // another node (sharing the database) accepted edits
    }
    record->content = to_utf8(doc->content);
    record->content_revision = doc->revision;
    record->role = role;
    return *record;
}

JoinSnapshot DocService::join(const Principal& principal, int64_t doc_id, const std::function<void()>& while_locked) {
    const auto role = require_role(principal, doc_id);
    auto doc = state(doc_id);
    std::lock_guard lock(doc->mutex);
    load(*doc, doc_id);
    const auto record = backend_.docs().fetch(doc_id);
    if (!record) {
        throw doc_not_found();
    }
    if (record->revision != doc->revision) {
        reload(*doc, doc_id);  // another node (sharing the database) accepted edits
    }
    while_locked();
    return JoinSnapshot{
        .name = record->name, .content = to_utf8(doc->content), .revision = doc->revision, .role = role};
}

Accepted DocService::submit(
    const Principal& principal, int64_t doc_id, int64_t base_revision, const TextOp& op, const RoomEmit& emit
) {
    require_editor(principal, doc_id);
    auto doc = state(doc_id);
    std::lock_guard lock(doc->mutex);
    load(*doc, doc_id);
    if (base_revision > doc->revision) {
        reload(*doc, doc_id);  // the client saw edits another node accepted
    }
    if (base_revision < 0 || base_revision > doc->revision) {
        throw Error(
            Errc::kBadRequest, "Revision " + std::to_string(base_revision) + " does not exist.", "invalid_revision"
        );
    }
    // The commit only succeeds on the head this node knows: when another node sharing the
    // database moved it, reload and transform over its edits too.
    for (int attempt = 0; attempt < kCommitAttempts; ++attempt) {
        // The accepted op is the first argument: on inserts at one position, earlier edits stay first.
        TextOp transformed = op;
        for (int64_t r = base_revision + 1; r <= doc->revision; ++r) {
            transformed = transform(op_of(*doc, doc_id, r), transformed).second;
        }
        auto next = apply_op(doc->content, transformed);
        auto utf8 = to_utf8(next);
        check_content_size(utf8.size());
        const int64_t revision = doc->revision + 1;
        const auto op_json = op_to_json(transformed);
        if (!backend_.docs().append_revision(
                doc_id,
                revision,
                principal.id,
                json::serialize(op_json),
                static_cast<int64_t>(next.size()),
                revision % kSnapshotEvery == 0 ? &utf8 : nullptr
            )) {
            if (!backend_.docs().fetch(doc_id)) {
                doc->deleted = true;
                throw doc_not_found();
            }
            reload(*doc, doc_id);
            continue;
        }
        doc->content = std::move(next);
        doc->revision = revision;
        doc->recent.emplace(revision, transformed);
        doc->recent.erase(revision - static_cast<int64_t>(kRecentOps));
        if (emit) {
            emit(
                "doc_op",
                json::object{
                    {"doc_id", doc_id}, {"revision", revision}, {"op", op_json}, {"username", principal.username}}
            );
            emit("doc_updated", json::object{{"doc_id", doc_id}, {"content", utf8}, {"revision", revision}});
        }
        return Accepted{.revision = revision, .op = std::move(transformed)};
    }
    throw Error(Errc::kConflict, "The document is changing too fast; try again.", "doc_busy");
}

Accepted DocService::submit_content(
    const Principal& principal, int64_t doc_id, int64_t base_revision, const std::string& content, const RoomEmit& emit
) {
    require_editor(principal, doc_id);
    check_content_size(content.size());
    const auto after = from_utf8(content);
    std::u16string before;
    {
        auto doc = state(doc_id);
        std::lock_guard lock(doc->mutex);
        load(*doc, doc_id);
        if (base_revision > doc->revision) {
            reload(*doc, doc_id);
        }
        if (base_revision < 0 || base_revision > doc->revision) {
            throw Error(
                Errc::kBadRequest, "Revision " + std::to_string(base_revision) + " does not exist.", "invalid_revision"
            );
        }
        if (base_revision == doc->revision) {
            before = doc->content;
        }
    }
    if (before.empty()) {
        before = rebuild(doc_id, base_revision);
    }
    return submit(principal, doc_id, base_revision, diff(before, after), emit);
}

std::vector<storage::DocRevisionRecord> DocService::revisions(
    const Principal& principal, int64_t doc_id, std::optional<int64_t> before, int limit
) {
    require_role(principal, doc_id);
    return backend_.docs().revisions(doc_id, before, limit);
}

std::string DocService::content_at(const Principal& principal, int64_t doc_id, int64_t revision) {
    require_role(principal, doc_id);
    const auto head = backend_.docs().fetch(doc_id);
    if (!head) {
        throw doc_not_found();
    }
    if (revision < 0 || revision > head->revision) {
        throw Error(Errc::kNotFound, "No such revision.", "revision_not_found");
    }
    return to_utf8(rebuild(doc_id, revision));
}

int64_t DocService::restore(const Principal& principal, int64_t doc_id, int64_t revision) {
    require_editor(principal, doc_id);
    const auto old = from_utf8(content_at(principal, doc_id, revision));
    int64_t base = 0;
    std::u16string current;
    {
        auto doc = state(doc_id);
        std::lock_guard lock(doc->mutex);
        load(*doc, doc_id);
        base = doc->revision;
        current = doc->content;
    }
    const auto room = room_of(doc_id);
    const RoomEmit emit = [this, &room](const std::string& event, const json::value& payload) {
        sink_.to_room(room, event, payload);
    };
    return submit(principal, doc_id, base, diff(current, old), emit).revision;
}

}  // namespace chatter::docs
