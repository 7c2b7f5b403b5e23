#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "core/rate_limiter.hpp"
#include "core/time.hpp"

namespace chatter {
namespace {

namespace json = boost::json;
namespace jf = json_fields;

Errc errc_of(const std::function<void()>& fn, std::string* code = nullptr) {
    try {
        fn();
    } catch (const Error& error) {
        if (code != nullptr) {
            *code = error.code();
        }
        return error.errc();
    }
    ADD_FAILURE() << "no Error thrown";
    return Errc::kInternal;
}

TEST(JsonFields, ParseRejectsMalformedJsonWithInvalidJsonCode) {
    std::string code;
    EXPECT_EQ(errc_of([] { jf::parse("{bad"); }, &code), Errc::kBadRequest);
    EXPECT_EQ(code, "invalid_json");
    EXPECT_EQ(errc_of([] { jf::parse(""); }, &code), Errc::kBadRequest);
}

TEST(JsonFields, ParseRejectsDeepNesting) {
    const std::string deep(200, '[');
    EXPECT_EQ(errc_of([&] { jf::parse(deep + std::string(200, ']')); }), Errc::kBadRequest);
}

TEST(JsonFields, BodyMustBeAnObject) {
    std::string code;
    EXPECT_EQ(errc_of([] { jf::as_object(jf::parse("[1,2]")); }, &code), Errc::kBadRequest);
    EXPECT_EQ(code, "invalid_json");
}

TEST(JsonFields, StringFieldsReportMissingAndWrongType) {
    const auto value = jf::parse(R"({"name":"ann","age":3,"nothing":null})");
    const auto& obj = jf::as_object(value);
    EXPECT_EQ(jf::required_string(obj, "name"), "ann");
    EXPECT_FALSE(jf::optional_string(obj, "nothing"));
    std::string code;
    EXPECT_EQ(errc_of([&] { jf::required_string(obj, "missing"); }, &code), Errc::kBadRequest);
    EXPECT_EQ(code, "missing_field");
    EXPECT_EQ(errc_of([&] { jf::required_string(obj, "age"); }, &code), Errc::kBadRequest);
    EXPECT_EQ(code, "invalid_field");
}

TEST(JsonFields, IntegersAcceptWholeNumbersAndDigitStrings) {
    const auto value = jf::parse(R"({"a":7,"b":"42","c":2.0,"d":2.5,"e":"x1","f":true})");
    const auto& obj = jf::as_object(value);
    EXPECT_EQ(jf::required_int(obj, "a"), 7);
    EXPECT_EQ(jf::required_int(obj, "b"), 42);
    EXPECT_EQ(jf::required_int(obj, "c"), 2);
    EXPECT_EQ(errc_of([&] { jf::required_int(obj, "d"); }), Errc::kBadRequest);
    EXPECT_EQ(errc_of([&] { jf::required_int(obj, "e"); }), Errc::kBadRequest);
    EXPECT_EQ(errc_of([&] { jf::required_int(obj, "f"); }), Errc::kBadRequest);
    EXPECT_FALSE(jf::optional_int(obj, "zz"));
}

TEST(JsonFields, BooleansAcceptZeroAndOne) {
    const auto value = jf::parse(R"({"a":true,"b":0,"c":"yes"})");
    const auto& obj = jf::as_object(value);
    EXPECT_EQ(jf::optional_bool(obj, "a"), true);
    EXPECT_EQ(jf::optional_bool(obj, "b"), false);
    EXPECT_EQ(errc_of([&] { jf::optional_bool(obj, "c"); }), Errc::kBadRequest);
}

TEST(JsonFields, ParseIntIsStrict) {
    EXPECT_EQ(jf::parse_int("123"), 123);
    EXPECT_FALSE(jf::parse_int(""));
    EXPECT_FALSE(jf::parse_int("12a"));
    EXPECT_FALSE(jf::parse_int("99999999999999999999999"));
}

TEST(Time, FormatsAndParsesIso8601Utc) {
    EXPECT_EQ(format_iso(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(format_iso(1736937000), "2025-01-15T10:30:00Z");
    EXPECT_EQ(parse_iso("2025-01-15T10:30:00Z"), 1736937000);
    EXPECT_FALSE(parse_iso("2025-02-30T10:30:00Z"));
    EXPECT_FALSE(parse_iso("2025-01-15 10:30:00"));
    const int64_t now = unix_now();
    EXPECT_EQ(parse_iso(format_iso(now)), now);
}

TEST(Error, CarriesDefaultAndCustomCodes) {
    Error plain(Errc::kNotFound, "Nothing here.");
    EXPECT_EQ(plain.code(), "not_found");
    EXPECT_EQ(plain.message(), "Nothing here.");
    Error custom = Error(Errc::kRateLimited, "Slow down.", "rate_limited").with_retry_after(7);
    EXPECT_EQ(custom.retry_after_s, 7);
}

TEST(Crypto, TokensAreLongRandomAndUrlSafe) {
    crypto::crypto_init();
    const auto a = crypto::random_token(32);
    const auto b = crypto::random_token(32);
    EXPECT_EQ(a.size(), 43U);
    EXPECT_NE(a, b);
    EXPECT_EQ(
        a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos
    );
}

TEST(Crypto, Sha256MatchesKnownVector) {
    EXPECT_EQ(crypto::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, PasswordHashVerifiesOnlyTheRightPassword) {
    crypto::crypto_init();
    const auto hash = crypto::hash_password("correct horse");
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0U);
    EXPECT_TRUE(crypto::verify_password("correct horse", hash));
    EXPECT_FALSE(crypto::verify_password("correct horsE", hash));
    EXPECT_FALSE(crypto::verify_password("correct horse", "not a hash"));
    EXPECT_NE(crypto::hash_password("correct horse"), hash);  // salted
}

TEST(Crypto, ConstantTimeEquality) {
    EXPECT_TRUE(crypto::equal_constant_time("abc", "abc"));
    EXPECT_FALSE(crypto::equal_constant_time("abc", "abd"));
    EXPECT_FALSE(crypto::equal_constant_time("abc", "abcd"));
}

TEST(RateLimiter, BlocksAfterLimitAndReportsRetryAfter) {
    RateLimiter limiter;
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(limiter.acquire("k", 3, 60), 0);
    }
    const int wait = limiter.acquire("k", 3, 60);
    EXPECT_GT(wait, 0);
    EXPECT_LE(wait, 60);
    EXPECT_EQ(limiter.acquire("other", 3, 60), 0);
    limiter.release("k");
    EXPECT_EQ(limiter.acquire("k", 3, 60), 0);
    EXPECT_GT(limiter.acquire("k", 3, 60), 0);
    limiter.reset("k");
    EXPECT_EQ(limiter.retry_after("k", 3, 60), 0);
}

TEST(RateLimiter, CountsConcurrentEventsExactly) {
    RateLimiter limiter;
    std::vector<std::thread> threads;
    std::atomic<int> allowed{0};
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 100; ++i) {
                if (limiter.acquire("shared", 250, 60) == 0) {
                    ++allowed;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(allowed.load(), 250);
}

}  // namespace
}  // namespace chatter
