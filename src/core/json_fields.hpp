#pragma once
// Typed access to JSON request bodies and event payloads. Every accessor throws
// Error(kBadRequest) with a sentence naming the field, so adapters never hand-write these checks.

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chatter::json_fields {

/// Parses `text` as JSON; Error(kBadRequest, code "invalid_json") when it is not valid JSON.
boost::json::value parse(std::string_view text);

/// The value as an object; Error(kBadRequest) "The request body must be a JSON object." otherwise.
const boost::json::object& as_object(const boost::json::value& value);

/// A string field that must be present.
std::string required_string(const boost::json::object& obj, std::string_view key);

/// A string field that may be absent or null.
std::optional<std::string> optional_string(const boost::json::object& obj, std::string_view key);

/// An integer field (JSON number without fraction, or a string of digits for ids sent as text).
int64_t required_int(const boost::json::object& obj, std::string_view key);
std::optional<int64_t> optional_int(const boost::json::object& obj, std::string_view key);

/// A boolean field; also accepts 0/1.
std::optional<bool> optional_bool(const boost::json::object& obj, std::string_view key);

/// Parses a decimal integer from text (query parameters, path parameters); nullopt when not one.
std::optional<int64_t> parse_int(std::string_view text);

}  // namespace chatter::json_fields
