#include "features/messages/attachments.hpp"

#include <algorithm>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"
#include "features/files/file_service.hpp"

namespace chatter::messages {

namespace {

constexpr size_t kIdChars = 32;
constexpr std::string_view kFilesPrefix = "/files/";

bool is_file_id(std::string_view text) {
    return text.size() == kIdChars && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// The id inside "<id>" or "/files/<id>[/<name>]"; empty when `attachment` is neither.
std::string_view file_id_of(std::string_view attachment) {
    if (is_file_id(attachment)) {
        return attachment;
    }
    if (attachment.rfind(kFilesPrefix, 0) != 0) {
        return {};
    }
    attachment.remove_prefix(kFilesPrefix.size());
    const std::string_view id = attachment.substr(0, attachment.find('/'));
    return is_file_id(id) ? id : std::string_view{};
}

}  // namespace

void throw_invalid_attachment() {
    throw Error(
        Errc::kBadRequest,
        "An attachment must be one of your own uploaded files that has not expired.",
        "invalid_attachment"
    );
}

std::optional<std::string> owned_attachment(
    storage::FileStore& files, const Principal& sender, const std::optional<std::string>& attachment
) {
    if (!attachment) {
        return std::nullopt;
    }
    const std::string_view id = file_id_of(*attachment);
    if (id.empty()) {
        throw_invalid_attachment();
    }
    const auto file = files.find(std::string(id), unix_now());
    if (!file || file->owner_id != sender.id) {
        throw_invalid_attachment();
    }
    return files::file_url(*file);
}

}  // namespace chatter::messages
