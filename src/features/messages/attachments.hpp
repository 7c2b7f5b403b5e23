#pragma once
// Message attachments are tmpweb files: a sender may attach only a live file they uploaded, so a
// message can never point other users at someone else's file or at an arbitrary URL.

#include <optional>
#include <string>

#include "core/principal.hpp"
#include "storage/file_store.hpp"

namespace chatter::messages {

/// Error(kBadRequest, "invalid_attachment") with the sentence every refusal shares.
[[noreturn]] void throw_invalid_attachment();

/// The canonical download url (`/files/<id>/<name>`) of the file `attachment` names — its url as
/// returned by an upload, or its bare 32-hex id — when it is live and owned by `sender`; nullopt
/// for no attachment. Unknown, expired, malformed or someone else's → 400 invalid_attachment.
std::optional<std::string> owned_attachment(
    storage::FileStore& files, const Principal& sender, const std::optional<std::string>& attachment
);

}  // namespace chatter::messages
