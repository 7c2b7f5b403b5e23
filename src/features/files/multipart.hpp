#pragma once
// A streaming multipart/form-data parser (RFC 7578): bytes go in as they arrive, part data comes
// out through callbacks, so an upload never has to fit in memory. Sees network bytes: fuzzed by
// fuzz/multipart_fuzz.cpp.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace chatter::files {

struct PartHeader {
    std::string name;                     // Content-Disposition name
    std::optional<std::string> filename;  // Content-Disposition filename, when present
};

/// The boundary parameter of a `multipart/form-data` Content-Type; nullopt when the type is
/// something else or the boundary is missing or longer than 70 characters (RFC 2046).
std::optional<std::string> multipart_boundary(std::string_view content_type);

class MultipartParser {
  public:
    struct Callbacks {
        std::function<void(const PartHeader&)> part_begin;
        std::function<void(std::string_view)> part_data;
        std::function<void()> part_end;
    };

    MultipartParser(const std::string& boundary, Callbacks callbacks);

    /// Consumes the next bytes of the body. Returns false (and stays failed) on malformed input.
    bool feed(std::string_view bytes);

    /// True when the closing delimiter was seen; call after the last feed. A body that stops
    /// before it (truncated, or a boundary that never matched) is malformed.
    bool finish() const { return state_ == State::kDone; }

    bool failed() const { return state_ == State::kFailed; }

  private:
    enum class State { kPreamble, kAfterDelimiter, kHeaders, kBody, kDone, kFailed };

    bool step();
    bool parse_headers(std::string_view block);

    std::string delimiter_;  // "\r\n--" + boundary
    Callbacks callbacks_;
    std::string buffer_;
    State state_ = State::kPreamble;
};

}  // namespace chatter::files
