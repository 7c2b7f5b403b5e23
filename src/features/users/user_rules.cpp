#include "features/users/user_rules.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <span>

#include "core/error.hpp"
#include "features/auth/auth_rules.hpp"

namespace chatter::users {

namespace json = boost::json;

namespace {

constexpr std::array kThemes{std::string_view("light"), std::string_view("dark"), std::string_view("system")};
constexpr std::array kAllowDms{std::string_view("everyone"), std::string_view("nobody")};

Error invalid(std::string_view field, std::string_view sentence) {
    return Error(Errc::kBadRequest, std::string(sentence), fmt::format("invalid_{}", field));
}

std::string_view text_field(const json::value& value, std::string_view field, std::string_view sentence) {
    if (!value.is_string()) {
        throw invalid(field, sentence);
    }
    return value.get_string();
}

bool has_control(std::string_view text, bool allow_newlines) {
    return std::ranges::any_of(text, [allow_newlines](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && !(allow_newlines && (c == '\n' || c == '\t'))) || u == 0x7f;
    });
}

std::string one_of(std::string_view field, const json::value& value, std::span<const std::string_view> allowed) {
    const std::string sentence = fmt::format("{} must be one of {}.", field, fmt::join(allowed, ", "));
    const std::string_view text = text_field(value, field, sentence);
    if (std::ranges::find(allowed, text) == allowed.end()) {
        throw invalid(field, sentence);
    }
    return std::string(text);
}

void apply_language(storage::ProfileRecord& profile, const json::value& value) {
    constexpr std::string_view kSentence = "language must be a language tag such as en or pt-BR (2 to 8 characters).";
    const std::string_view tag = text_field(value, "language", kSentence);
    const bool ok =
        tag.size() >= 2 && tag.size() <= 8 && std::isalpha(static_cast<unsigned char>(tag[0])) != 0 &&
        std::ranges::all_of(tag, [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-'; });
    if (!ok) {
        throw invalid("language", kSentence);
    }
    profile.language = std::string(tag);
}

void apply_notifications(storage::ProfileRecord& profile, const json::value& value) {
    constexpr std::string_view kSentence =
        "notifications must be an object of true/false flags: mentions, dms, sounds.";
    if (!value.is_object()) {
        throw invalid("notifications", kSentence);
    }
    for (const auto& [key, flag] : value.get_object()) {
        bool* target = key == "mentions" ? &profile.notify_mentions
                       : key == "dms"    ? &profile.notify_dms
                       : key == "sounds" ? &profile.notify_sounds
                                         : nullptr;
        if (target == nullptr || !flag.is_bool()) {
            throw invalid("notifications", kSentence);
        }
        *target = flag.get_bool();
    }
}

}  // namespace

size_t utf8_length(std::string_view text) {
    return static_cast<size_t>(std::ranges::count_if(text, [](char c) {
        return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    }));
}

void apply_settings(storage::ProfileRecord& profile, const json::object& body) {
    for (const auto& [key, value] : body) {
        if (key == "theme") {
            profile.theme = one_of("theme", value, kThemes);
        } else if (key == "allow_dms") {
            profile.allow_dms = one_of("allow_dms", value, kAllowDms);
        } else if (key == "bio") {
            constexpr std::string_view kSentence = "bio must be text of at most 300 characters.";
            const std::string_view bio = text_field(value, "bio", kSentence);
            if (utf8_length(bio) > kMaxBioChars || has_control(bio, true)) {
                throw invalid("bio", kSentence);
            }
            profile.bio = std::string(bio);
        } else if (key == "status") {
            constexpr std::string_view kSentence = "status must be one line of at most 100 characters.";
            const std::string_view status = text_field(value, "status", kSentence);
            if (utf8_length(status) > kMaxStatusChars || has_control(status, false)) {
                throw invalid("status", kSentence);
            }
            profile.status = std::string(status);
        } else if (key == "language") {
            apply_language(profile, value);
        } else if (key == "email") {
            const std::string_view email =
                text_field(value, "email", "email must be an address such as name@example.org, or empty.");
            if (!email.empty()) {
                auth::validate_email(email);
            }
            profile.email = email.empty() ? std::nullopt : std::optional<std::string>(email);
        } else if (key == "notifications") {
            apply_notifications(profile, value);
        } else {
            throw Error(
                Errc::kBadRequest, fmt::format("There is no setting called {}.", std::string_view(key)), "unknown_field"
            );
        }
    }
}

json::object settings_json(const storage::ProfileRecord& profile) {
    return json::object{
        {"theme", profile.theme},
        {"bio", profile.bio},
        {"status", profile.status},
        {"language", profile.language},
        {"email", profile.email.value_or("")},
        {"allow_dms", profile.allow_dms},
        {"notifications",
         json::object{
             {"mentions", profile.notify_mentions},
             {"dms", profile.notify_dms},
             {"sounds", profile.notify_sounds},
         }},
    };
}

void validate_query(std::string_view q) {
    const size_t length = utf8_length(q);
    if (length == 0 || length > kMaxQueryChars || has_control(q, false)) {
        throw Error(Errc::kBadRequest, "The search text q must have 1 to 32 characters.", "invalid_query");
    }
}

}  // namespace chatter::users
