#include <gtest/gtest.h>

#include "http/router.hpp"

namespace chatter::http {
namespace {

using boost::beast::http::verb;

net::HttpResponse dummy(RequestContext&) {
    return {};
}

TEST(SplitPath, HandlesSlashesAndEmptyPaths) {
    EXPECT_EQ(split_path("/"), std::vector<std::string>{});
    EXPECT_EQ(split_path(""), std::vector<std::string>{});
    EXPECT_EQ(split_path("/api/doc/1"), (std::vector<std::string>{"api", "doc", "1"}));
    EXPECT_EQ(split_path("/api/doc/"), (std::vector<std::string>{"api", "doc"}));
    EXPECT_EQ(split_path("/a//b"), (std::vector<std::string>{"a", "", "b"}));
}

TEST(Router, CapturesPathParameters) {
    Router router;
    router.add(verb::get, "/api/doc/:id/members", dummy);
    const auto match = router.match(verb::get, split_path("/api/doc/42/members"));
    ASSERT_NE(match.route, nullptr);
    ASSERT_EQ(match.params.size(), 1U);
    EXPECT_EQ(match.params[0].first, "id");
    EXPECT_EQ(match.params[0].second, "42");
}

TEST(Router, StaticSegmentBeatsParameterWhateverTheOrder) {
    Router router;
    router.add(verb::get, "/api/users/:username", dummy);
    router.add(verb::get, "/api/users/search", dummy);
    const auto match = router.match(verb::get, split_path("/api/users/search"));
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->pattern, "/api/users/search");
    const auto other = router.match(verb::get, split_path("/api/users/ann"));
    ASSERT_NE(other.route, nullptr);
    EXPECT_EQ(other.route->pattern, "/api/users/:username");
}

TEST(Router, ReportsWrongMethodSeparatelyFromUnknownPath) {
    Router router;
    router.add(verb::post, "/api/auth/login", dummy);
    const auto wrong_method = router.match(verb::get, split_path("/api/auth/login"));
    EXPECT_EQ(wrong_method.route, nullptr);
    EXPECT_TRUE(wrong_method.path_exists);
    const auto unknown = router.match(verb::get, split_path("/api/auth/nope"));
    EXPECT_EQ(unknown.route, nullptr);
    EXPECT_FALSE(unknown.path_exists);
}

TEST(Router, ParameterNeverMatchesAnEmptySegmentOrExtraSegments) {
    Router router;
    router.add(verb::get, "/api/doc/:id", dummy);
    EXPECT_EQ(router.match(verb::get, split_path("/api/doc//")).route, nullptr);
    EXPECT_EQ(router.match(verb::get, split_path("/api/doc/1/x")).route, nullptr);
    EXPECT_EQ(router.match(verb::get, split_path("/api/doc")).route, nullptr);
}

TEST(Router, RefusesDuplicateRoutes) {
    Router router;
    router.add(verb::get, "/a", dummy);
    EXPECT_THROW(router.add(verb::get, "/a", dummy), std::invalid_argument);
    EXPECT_NO_THROW(router.add(verb::post, "/a", dummy));
}

}  // namespace
}  // namespace chatter::http
