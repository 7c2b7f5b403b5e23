#pragma once
// Publishing a document: its current content saved as a tmpweb file `<name>.md` owned by the
// caller (so it counts against their quota and they can list or delete it like any upload).

#include <cstdint>
#include <optional>

#include "core/principal.hpp"
#include "features/docs/doc_service.hpp"
#include "features/files/file_service.hpp"
#include "http/router.hpp"

namespace chatter::docs {

/// Editor or creator (viewers 403 forbidden, non-members 404 doc_not_found). `expires_in` as for
/// uploads (400 invalid_expiry); 413 quota_exceeded when the caller's quota is full.
storage::FileRecord publish(
    DocService& docs,
    files::FileService& files,
    const Principal& principal,
    int64_t doc_id,
    std::optional<int64_t> expires_in
);

/// POST /api/doc/:id/publish {expires_in?} → {ok, url, expires_at, file}.
void register_doc_publish_route(http::Router& router, DocService& docs, files::FileService& files);

}  // namespace chatter::docs
