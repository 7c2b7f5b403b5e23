#include "features/files/received_file.hpp"

#include <magic.h>

#include <algorithm>
#include <fstream>

#include "core/error.hpp"
#include "features/files/file_service.hpp"
#include "features/files/multipart.hpp"

namespace chatter::files {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxFieldBytes = 32;
constexpr size_t kReadChunk = size_t{64} * 1024;

}  // namespace

TempGuard::~TempGuard() {
    if (!path_.empty()) {
        std::error_code ignored;
        fs::remove(path_, ignored);
    }
}

ReceivedFile receive_file(
    const fs::path& body_file,
    std::string_view content_type,
    const fs::path& out_path,
    int64_t max_bytes,
    std::span<const std::string_view> field_names
) {
    const auto boundary = multipart_boundary(content_type);
    if (!boundary) {
        throw Error(
            Errc::kUnsupportedMediaType,
            "Send the file as multipart/form-data with a part named 'file'.",
            "unsupported_media_type"
        );
    }
    TempGuard guard(out_path);
    ReceivedFile received;
    std::ofstream out;
    bool have_file = false;
    bool in_file = false;
    bool too_large = false;
    std::optional<std::string>* field = nullptr;  // the wanted text part being read
    MultipartParser parser(
        *boundary,
        {
            .part_begin =
                [&](const PartHeader& part) {
                    in_file = part.name == "file" && part.filename.has_value() && !have_file;
                    field = nullptr;
                    if (in_file) {
                        have_file = true;
                        received.name = sanitize_file_name(*part.filename);
                        out.open(out_path, std::ios::binary | std::ios::trunc);
                    } else if (std::ranges::find(field_names, part.name) != field_names.end()) {
                        field = &received.fields[part.name];
                        field->emplace();
                    }
                },
            .part_data =
                [&](std::string_view data) {
                    if (in_file) {
                        received.size += static_cast<int64_t>(data.size());
                        too_large = too_large || received.size > max_bytes;
                        if (!too_large) {
                            out.write(data.data(), static_cast<std::streamsize>(data.size()));
                        }
                    } else if (field != nullptr && field->has_value()) {
                        if ((*field)->size() + data.size() > kMaxFieldBytes) {
                            field->reset();
                        } else {
                            (*field)->append(data);
                        }
                    }
                },
            .part_end =
                [&] {
                    if (in_file) {
                        out.close();
                    }
                    in_file = false;
                    field = nullptr;
                },
        }
    );
    std::ifstream in(body_file, std::ios::binary);
    if (!in) {
        throw Error(Errc::kInternal, "The upload could not be read back.");
    }
    std::string chunk(kReadChunk, '\0');
    while (!too_large && in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        if (!parser.feed(std::string_view(chunk.data(), static_cast<size_t>(in.gcount())))) {
            break;
        }
    }
    if (too_large) {
        throw Error(
            Errc::kPayloadTooLarge,
            "The file is larger than the limit of " + std::to_string(max_bytes) + " bytes.",
            "payload_too_large"
        );
    }
    if (!parser.finish() || !have_file || out.is_open()) {
        throw Error(
            Errc::kBadRequest,
            "The upload is not valid multipart/form-data with a part named 'file'.",
            "invalid_multipart"
        );
    }
    guard.release();
    return received;
}

MimeDetector::MimeDetector() {
    magic_t cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
    if (cookie != nullptr && magic_load(cookie, nullptr) != 0) {
        magic_close(cookie);
        cookie = nullptr;
    }
    magic_ = cookie;
}

MimeDetector::~MimeDetector() {
    if (magic_ != nullptr) {
        magic_close(static_cast<magic_t>(magic_));
    }
}

std::string MimeDetector::detect(const fs::path& path) {
    std::lock_guard lock(mutex_);
    const char* type = magic_ != nullptr ? magic_file(static_cast<magic_t>(magic_), path.c_str()) : nullptr;
    return type != nullptr ? std::string(type) : std::string("application/octet-stream");
}

}  // namespace chatter::files
