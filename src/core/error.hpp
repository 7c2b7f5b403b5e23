#pragma once
// The one error vocabulary of Chatter. Services throw `Error`; the HTTP adapter
// (http/error_response.cpp) and the Socket.IO adapter (socketio ack path) each map it in one place.

#include <boost/json/object.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace chatter {

enum class Errc {
    kBadRequest,            // 400: malformed or invalid input
    kUnauthorized,          // 401: not signed in, or bad credentials
    kForbidden,             // 403: signed in, but not allowed
    kNotFound,              // 404: unknown (or invisible to the caller)
    kMethodNotAllowed,      // 405
    kConflict,              // 409: duplicate or state conflict
    kPayloadTooLarge,       // 413
    kUnsupportedMediaType,  // 415
    kRateLimited,           // 429 (carries retry_after_s)
    kInternal,              // 500
    kUnavailable,           // 503: feature switched off or maintenance
};

/// Default snake_case code for an Errc ("bad_request", "not_found", ...).
std::string_view default_code(Errc errc) noexcept;

/// A failure a client should hear about. `message()` is a human sentence for the user; `code()` a
/// stable snake_case identifier (defaults to the Errc's) that clients can branch on.
class Error : public std::runtime_error {
  public:
    Error(Errc errc, std::string message, std::string code = {});

    Errc errc() const noexcept { return errc_; }
    const std::string& code() const noexcept { return code_; }
    const std::string& message() const noexcept { return message_; }

    /// Seconds after which a retry may succeed (kRateLimited).
    std::optional<int> retry_after_s;

    Error&& with_retry_after(int seconds) && {
        retry_after_s = seconds;
        return std::move(*this);
    }

    /// Extra members both adapters add to the error body after ok/error/code, for contracts whose
    /// failure shape carries data (e.g. `channels: []` of GET /api/voice/channels).
    boost::json::object extra_fields;

    Error&& with_fields(boost::json::object fields) && {
        extra_fields = std::move(fields);
        return std::move(*this);
    }

  private:
    Errc errc_;
    std::string code_;
    std::string message_;
};

}  // namespace chatter
