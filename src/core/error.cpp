#include "core/error.hpp"

namespace chatter {

std::string_view default_code(Errc errc) noexcept {
    switch (errc) {
        case Errc::kBadRequest:
            return "bad_request";
        case Errc::kUnauthorized:
            return "unauthorized";
        case Errc::kForbidden:
            return "forbidden";
        case Errc::kNotFound:
            return "not_found";
        case Errc::kMethodNotAllowed:
            return "method_not_allowed";
        case Errc::kConflict:
            return "conflict";
        case Errc::kPayloadTooLarge:
            return "payload_too_large";
        case Errc::kUnsupportedMediaType:
            return "unsupported_media_type";
        case Errc::kRateLimited:
            return "rate_limited";
        case Errc::kInternal:
            return "internal";
        case Errc::kUnavailable:
            return "unavailable";
    }
    return "internal";
}

Error::Error(Errc errc, std::string message, std::string code)
    : std::runtime_error(message),
      errc_(errc),
      code_(code.empty() ? std::string(default_code(errc)) : std::move(code)),
      message_(std::move(message)) {}

}  // namespace chatter
