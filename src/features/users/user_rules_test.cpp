#include "features/users/user_rules.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/error.hpp"

namespace chatter::users {
namespace {

namespace json = boost::json;

std::string code_of(storage::ProfileRecord& profile, const json::value& body) {
    try {
        apply_settings(profile, body.as_object());
    } catch (const Error& error) {
        return error.code();
    }
    return "ok";
}

TEST(UsersRules, AcceptsEveryFieldWithinItsRule) {
    storage::ProfileRecord profile;
    const auto body = json::parse(R"({"theme": "dark", "bio": "line one\nline two", "status": "in a meeting",
        "language": "pt-BR", "email": "me@example.org", "allow_dms": "nobody",
        "notifications": {"mentions": false, "sounds": false}})");
    ASSERT_EQ(code_of(profile, body), "ok");
    EXPECT_EQ(profile.theme, "dark");
    EXPECT_EQ(profile.bio, "line one\nline two");
    EXPECT_EQ(profile.language, "pt-BR");
    EXPECT_EQ(profile.email, std::optional<std::string>("me@example.org"));
    EXPECT_EQ(profile.allow_dms, "nobody");
    EXPECT_FALSE(profile.notify_mentions);
    EXPECT_TRUE(profile.notify_dms);  // absent flags keep their value
    EXPECT_FALSE(profile.notify_sounds);

    ASSERT_EQ(code_of(profile, json::parse(R"({"email": ""})")), "ok");
    EXPECT_FALSE(profile.email.has_value());
}

TEST(UsersRules, EachBadFieldHasItsOwnCode) {
    const std::string long_bio(301, 'x');
    const std::string long_status(101, 'x');
    const std::vector<std::pair<std::string, std::string>> cases{
        {R"({"theme": "blue"})", "invalid_theme"},
        {R"({"theme": 1})", "invalid_theme"},
        {json::serialize(json::object{{"bio", long_bio}}), "invalid_bio"},
        {R"({"bio": "bell\u0007"})", "invalid_bio"},
        {R"({"bio": null})", "invalid_bio"},
        {json::serialize(json::object{{"status", long_status}}), "invalid_status"},
        {R"({"status": "two\nlines"})", "invalid_status"},
        {R"({"language": "e"})", "invalid_language"},
        {R"({"language": "english-uk"})", "invalid_language"},
        {R"({"language": "1en"})", "invalid_language"},
        {R"({"language": "en_GB"})", "invalid_language"},
        {R"({"email": "no-at-sign"})", "invalid_email"},
        {R"({"email": "a@b"})", "invalid_email"},
        {R"({"email": 5})", "invalid_email"},
        {R"({"allow_dms": "friends"})", "invalid_allow_dms"},
        {R"({"notifications": true})", "invalid_notifications"},
        {R"({"notifications": {"mentions": "yes"}})", "invalid_notifications"},
        {R"({"notifications": {"push": true}})", "invalid_notifications"},
        {R"({"nickname": "x"})", "unknown_field"},
    };
    for (const auto& [body, code] : cases) {
        storage::ProfileRecord profile;
        EXPECT_EQ(code_of(profile, json::parse(body)), code) << body;
    }
}

TEST(UsersRules, LimitsCountCharactersNotBytes) {
    std::string bio;
    for (int i = 0; i < 300; ++i) {
        bio += "é";  // two bytes each: 600 bytes, 300 characters
    }
    storage::ProfileRecord profile;
    EXPECT_EQ(code_of(profile, json::object{{"bio", bio}}), "ok");
    EXPECT_EQ(code_of(profile, json::object{{"bio", bio + "é"}}), "invalid_bio");
    EXPECT_EQ(utf8_length("aé€😀"), 4U);
}

TEST(UsersRules, SearchQueriesHaveOneToThirtyTwoCharacters) {
    EXPECT_NO_THROW(validate_query("a"));
    EXPECT_NO_THROW(validate_query(std::string(32, 'b')));
    EXPECT_THROW(validate_query(""), Error);
    EXPECT_THROW(validate_query(std::string(33, 'b')), Error);
    EXPECT_THROW(validate_query("tab\there"), Error);
    try {
        validate_query("");
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), "invalid_query");
        EXPECT_EQ(error.errc(), Errc::kBadRequest);
    }
}

TEST(UsersRules, SettingsJsonHasTheContractShape) {
    storage::ProfileRecord profile;
    const auto body = settings_json(profile);
    for (const char* key : {"theme", "bio", "status", "language", "email", "allow_dms", "notifications"}) {
        EXPECT_TRUE(body.contains(key)) << key;
    }
    EXPECT_EQ(body.at("email").as_string(), "");
    EXPECT_TRUE(body.at("notifications").at("mentions").as_bool());
}

}  // namespace
}  // namespace chatter::users
