#include "core/json_fields.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <charconv>

#include "core/error.hpp"

namespace chatter::json_fields {

namespace json = boost::json;

boost::json::value parse(std::string_view text) {
    boost::system::error_code ec;
    json::parse_options opts;
    opts.max_depth = 64;
    json::value v = json::parse(text, ec, {}, opts);
    if (ec) {
        throw Error(Errc::kBadRequest, "The request body is not valid JSON.", "invalid_json");
    }
    return v;
}

const json::object& as_object(const json::value& value) {
    if (!value.is_object()) {
        throw Error(Errc::kBadRequest, "The request body must be a JSON object.", "invalid_json");
    }
    return value.get_object();
}

namespace {

[[noreturn]] void wrong_type(std::string_view key, std::string_view expected) {
    throw Error(Errc::kBadRequest, fmt::format("Field '{}' must be {}.", key, expected), "invalid_field");
}

}  // namespace

std::string required_string(const json::object& obj, std::string_view key) {
    auto value = optional_string(obj, key);
    if (!value) {
        throw Error(Errc::kBadRequest, fmt::format("Field '{}' is required.", key), "missing_field");
    }
    return *value;
}

std::optional<std::string> optional_string(const json::object& obj, std::string_view key) {
    const json::value* v = obj.if_contains(key);
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    if (!v->is_string()) {
        wrong_type(key, "a string");
    }
    return std::string(v->get_string());
}

std::optional<int64_t> parse_int(std::string_view text) {
    int64_t out = 0;
    if (text.empty()) {
        return std::nullopt;
    }
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc{} || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return out;
}

std::optional<int64_t> optional_int(const json::object& obj, std::string_view key) {
    const json::value* v = obj.if_contains(key);
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    if (v->is_int64()) {
        return v->get_int64();
    }
    if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
        return static_cast<int64_t>(v->get_uint64());
    }
    if (v->is_double()) {
        const double d = v->get_double();
        if (d >= -9.0e15 && d <= 9.0e15 && static_cast<double>(static_cast<int64_t>(d)) == d) {
            return static_cast<int64_t>(d);
        }
    }
    if (v->is_string()) {
        if (auto parsed = parse_int(v->get_string())) {
            return parsed;
        }
    }
    wrong_type(key, "an integer");
}

int64_t required_int(const json::object& obj, std::string_view key) {
    auto value = optional_int(obj, key);
    if (!value) {
        throw Error(Errc::kBadRequest, fmt::format("Field '{}' is required.", key), "missing_field");
    }
    return *value;
}

std::optional<bool> optional_bool(const json::object& obj, std::string_view key) {
    const json::value* v = obj.if_contains(key);
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    if (v->is_bool()) {
        return v->get_bool();
    }
    if (v->is_int64() && (v->get_int64() == 0 || v->get_int64() == 1)) {
        return v->get_int64() == 1;
    }
    wrong_type(key, "true or false");
}

}  // namespace chatter::json_fields
