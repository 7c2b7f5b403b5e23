#include "engineio/http_util.hpp"

#include <gtest/gtest.h>

namespace chatter::engineio {
namespace {

namespace http = boost::beast::http;

net::HttpRequest with_origin(std::string origin) {
    net::HttpRequest request{http::verb::get, "/", 11};
    if (!origin.empty()) {
        request.set(http::field::origin, origin);
    }
    return request;
}

TEST(HttpUtil, ParsesQueryIgnoringUnknownAndDecoding) {
    auto q = parse_query("/socket.io/?EIO=4&transport=polling&t=N8hyd6w&sid=a%2Db&b64=1");
    ASSERT_TRUE(q);
    EXPECT_EQ(*q->eio, "4");
    EXPECT_EQ(*q->transport, "polling");
    EXPECT_EQ(*q->sid, "a-b");
    EXPECT_TRUE(q->b64);
    auto none = parse_query("/socket.io/");
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->eio);
}

TEST(HttpUtil, CorsModes) {
    CorsOptions any{CorsOptions::Mode::kAnyOrigin, {}, false};
    EXPECT_EQ(make_meta(with_origin("https://a.example"), any).allow_origin, "*");
    CorsOptions credentials{CorsOptions::Mode::kAnyOrigin, {}, true};
    auto meta = make_meta(with_origin("https://a.example"), credentials);
    EXPECT_EQ(meta.allow_origin, "https://a.example");
    EXPECT_TRUE(meta.allow_credentials);
    CorsOptions list{CorsOptions::Mode::kList, {"https://ok.example"}, false};
    EXPECT_EQ(make_meta(with_origin("https://ok.example"), list).allow_origin, "https://ok.example");
    EXPECT_EQ(make_meta(with_origin("https://evil.example"), list).allow_origin, "");
    EXPECT_EQ(make_meta(with_origin("https://a.example"), CorsOptions{}).allow_origin, "");
}

TEST(HttpUtil, PreflightEchoesRequestedHeaders) {
    auto request = with_origin("https://a.example");
    request.set(http::field::access_control_request_headers, "content-type,x-csrf");
    auto response = preflight_response(request, make_meta(request, {CorsOptions::Mode::kAnyOrigin, {}, false}));
    EXPECT_EQ(response.result_int(), 204u);
    EXPECT_EQ(response[http::field::access_control_allow_headers], "content-type,x-csrf");
    EXPECT_EQ(response[http::field::access_control_allow_methods], "GET,HEAD,PUT,PATCH,POST,DELETE");
}

TEST(HttpUtil, ForbiddenIs403WithCustomMessage) {
    auto response = error_response(ResponseMeta{}, ErrorCode::kForbidden, "No \"way\"");
    EXPECT_EQ(response.result_int(), 403u);
    EXPECT_EQ(response.body(), R"({"code":4,"message":"No \"way\""})");
}

}  // namespace
}  // namespace chatter::engineio
