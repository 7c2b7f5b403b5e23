#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "http/http_app.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

net::HttpRequest make_request(bhttp::verb method, std::string target, std::string body = {}) {
    net::HttpRequest request{method, target, 11};
    request.set(bhttp::field::host, "chat.local:8080");
    request.body() = std::move(body);
    request.prepare_payload();
    return request;
}

class FixedAuthenticator : public Authenticator {
  public:
    std::optional<Principal> principal;
    std::optional<Principal> authenticate(RequestContext&) override { return principal; }
};

class PipelineTest : public ::testing::Test {
  protected:
    PipelineTest() : workers_(1), app_(config_, router_, nullptr, workers_) {
        router_.add_public(bhttp::verb::post, "/api/echo/:id", [](RequestContext& context) {
            const auto& body = context.json_body();
            return ok_json(json::object{{"id", context.id_param("id")}, {"body", body}});
        });
        router_.add_public(bhttp::verb::get, "/api/boom", [](RequestContext&) -> net::HttpResponse {
            throw std::runtime_error("secret internal detail");
        });
        router_.add(bhttp::verb::get, "/api/me", [](RequestContext& context) {
            return ok_json(json::object{{"name", context.require_user().username}});
        });
        // Reads its body before anything else, as many handlers do.
        router_.add(bhttp::verb::post, "/api/private", [](RequestContext& context) {
            return ok_json(json::object{{"body", context.json_body()}});
        });
        app_.set_authenticator(&auth_);
    }
    ~PipelineTest() override { workers_.join(); }

    json::object body_of(const net::HttpResponse& response) { return json::parse(response.body()).as_object(); }

    Config config_;
    Router router_;
    net::WorkerPool workers_;
    FixedAuthenticator auth_;
    HttpApp app_;
    net::PeerInfo peer_{"10.0.0.9", 5555, false};
};

TEST_F(PipelineTest, RoutesWithParamsAndJsonBody) {
    auto request = make_request(bhttp::verb::post, "/api/echo/12", R"({"x":1})");
    request.set(bhttp::field::content_type, "application/json");
    const auto response = app_.run(request, peer_);
    ASSERT_EQ(response.result(), bhttp::status::ok) << response.body();
    EXPECT_EQ(body_of(response)["id"].as_int64(), 12);
    EXPECT_FALSE(response["X-Request-Id"].empty());
    EXPECT_EQ(response["X-Content-Type-Options"], "nosniff");
    EXPECT_NE(response["Content-Security-Policy"].find("frame-ancestors 'none'"), std::string::npos);
}

TEST_F(PipelineTest, UnknownRouteIs404Envelope) {
    const auto response = app_.run(make_request(bhttp::verb::get, "/api/nothing"), peer_);
    EXPECT_EQ(response.result(), bhttp::status::not_found);
    const auto body = body_of(response);
    EXPECT_EQ(body.at("ok").as_bool(), false);
    EXPECT_EQ(body.at("code").as_string(), "not_found");
    EXPECT_FALSE(body.at("error").as_string().empty());
}

TEST_F(PipelineTest, WrongMethodIs405) {
    const auto response = app_.run(make_request(bhttp::verb::get, "/api/echo/1"), peer_);
    EXPECT_EQ(response.result(), bhttp::status::method_not_allowed);
}

TEST_F(PipelineTest, NonNumericIdIs404) {
    auto request = make_request(bhttp::verb::post, "/api/echo/abc", "{}");
    request.set(bhttp::field::content_type, "application/json");
    EXPECT_EQ(app_.run(request, peer_).result(), bhttp::status::not_found);
}

TEST_F(PipelineTest, UnexpectedExceptionsBecome500WithoutDetails) {
    const auto response = app_.run(make_request(bhttp::verb::get, "/api/boom"), peer_);
    EXPECT_EQ(response.result(), bhttp::status::internal_server_error);
    EXPECT_EQ(response.body().find("secret"), std::string::npos);
    EXPECT_EQ(body_of(response).at("code").as_string(), "internal");
}

TEST_F(PipelineTest, SignedOutCallerGets401) {
    EXPECT_EQ(app_.run(make_request(bhttp::verb::get, "/api/me"), peer_).result(), bhttp::status::unauthorized);
    auth_.principal = Principal{1, "ann", "user", 5, std::nullopt};
    EXPECT_EQ(app_.run(make_request(bhttp::verb::get, "/api/me"), peer_).result(), bhttp::status::ok);
}

TEST_F(PipelineTest, SignedOutCallerGets401BeforeTheBodyIsRead) {
    auto broken = make_request(bhttp::verb::post, "/api/private", "{not json");
    broken.set(bhttp::field::content_type, "application/json");
    const auto signed_out = app_.run(broken, peer_);
    EXPECT_EQ(signed_out.result(), bhttp::status::unauthorized);
    EXPECT_EQ(body_of(signed_out).at("code").as_string(), "unauthorized");
    auth_.principal = Principal{1, "ann", "user", 5, std::nullopt};
    const auto signed_in = app_.run(broken, peer_);
    EXPECT_EQ(signed_in.result(), bhttp::status::bad_request);
    EXPECT_EQ(body_of(signed_in).at("code").as_string(), "invalid_json");
}

TEST_F(PipelineTest, CsrfRefusesForeignOriginAndFormBodies) {
    auth_.principal = Principal{1, "ann", "user", 5, std::nullopt};
    auto foreign = make_request(bhttp::verb::post, "/api/echo/1", "{}");
    foreign.set(bhttp::field::content_type, "application/json");
    foreign.set("Origin", "http://evil.example");
    auto response = app_.run(foreign, peer_);
    EXPECT_EQ(response.result(), bhttp::status::forbidden);
    EXPECT_EQ(body_of(response).at("code").as_string(), "csrf_rejected");

    auto same = make_request(bhttp::verb::post, "/api/echo/1", "{}");
    same.set(bhttp::field::content_type, "application/json");
    same.set("Origin", "http://chat.local:8080");
    EXPECT_EQ(app_.run(same, peer_).result(), bhttp::status::ok);

    auto cross_site = make_request(bhttp::verb::post, "/api/echo/1", "{}");
    cross_site.set(bhttp::field::content_type, "application/json");
    cross_site.set("Sec-Fetch-Site", "cross-site");
    EXPECT_EQ(app_.run(cross_site, peer_).result(), bhttp::status::forbidden);

    auto form = make_request(bhttp::verb::post, "/api/echo/1", "a=1");
    form.set(bhttp::field::content_type, "text/plain");
    EXPECT_EQ(app_.run(form, peer_).result(), bhttp::status::forbidden);
}

TEST_F(PipelineTest, CsrfDoesNotApplyToApiTokens) {
    auth_.principal = Principal{1, "ann", "user", std::nullopt, 9};
    auto request = make_request(bhttp::verb::post, "/api/echo/1", "{}");
    request.set(bhttp::field::content_type, "text/plain");
    request.set("Origin", "http://evil.example");
    EXPECT_EQ(app_.run(request, peer_).result(), bhttp::status::ok);
}

TEST(RequestContext, ParsesQueryCookiesAndDecodesPath) {
    net::HttpRequest request{bhttp::verb::get, "/api/dm/messages?peer=b%C3%B6b&limit=5&flag", 11};
    request.set(bhttp::field::cookie, "a=1; chatter_session=tok; z=9");
    RequestContext context(request, {}, "rid");
    EXPECT_EQ(context.path(), "/api/dm/messages");
    EXPECT_EQ(
        context.query("peer"),
        "b\xc3\xb6"
        "b"
    );
    EXPECT_EQ(context.query("limit"), "5");
    EXPECT_EQ(context.query("flag"), "");
    EXPECT_FALSE(context.query("none"));
    EXPECT_EQ(context.cookie("chatter_session"), "tok");
    EXPECT_FALSE(context.cookie("chatter"));
}

TEST(RequestContext, RejectsInvalidTargets) {
    net::HttpRequest request{bhttp::verb::get, "no-leading-slash", 11};
    RequestContext context(request, {}, "rid");
    EXPECT_FALSE(context.valid_target());
}

TEST(Responses, ErrorEnvelopeCarriesStatusCodeAndRetryAfter) {
    const auto response = error_response(Error(Errc::kRateLimited, "Wait.", "rate_limited").with_retry_after(30));
    EXPECT_EQ(response.result(), bhttp::status::too_many_requests);
    EXPECT_EQ(response[bhttp::field::retry_after], "30");
    const auto body = json::parse(response.body()).as_object();
    EXPECT_EQ(body.at("error").as_string(), "Wait.");
    EXPECT_EQ(http_status(Errc::kPayloadTooLarge), bhttp::status::payload_too_large);
    EXPECT_EQ(http_status(Errc::kUnavailable), bhttp::status::service_unavailable);
}

TEST(Responses, ErrorEnvelopeCarriesExtraFieldsAfterTheStandardOnes) {
    const auto response = error_response(Error(Errc::kUnavailable, "Voice service unavailable", "voice_disabled")
                                             .with_fields(json::object{{"channels", json::array{}}, {"ok", true}}));
    EXPECT_EQ(response.result(), bhttp::status::service_unavailable);
    const auto body = json::parse(response.body()).as_object();
    EXPECT_EQ(body.at("ok"), json::value(false));  // an extra field never overrides the envelope
    EXPECT_EQ(body.at("code").as_string(), "voice_disabled");
    EXPECT_TRUE(body.at("channels").as_array().empty());
}

class StaticFilesTest : public ::testing::Test {
  protected:
    StaticFilesTest() {
        root_ = std::filesystem::temp_directory_path() / ("chatter-static-" + std::to_string(::getpid()));
        std::filesystem::create_directories(root_ / "assets");
        std::ofstream(root_ / "index.html") << "<div id=app></div>";
        std::ofstream(root_ / "assets" / "app.js") << "console.log(1)";
        std::ofstream(root_ / "assets" / "app.js.gz") << "GZIPPED";
    }
    ~StaticFilesTest() override { std::filesystem::remove_all(root_); }
    std::filesystem::path root_;
};

TEST_F(StaticFilesTest, ServesGzipEtagAnd304) {
    StaticFiles files(root_);
    ASSERT_TRUE(files.has_index());
    auto request = make_request(bhttp::verb::get, "/assets/app.js");
    request.set(bhttp::field::accept_encoding, "gzip, br");
    auto response = files.serve(request, "/assets/app.js");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body(), "GZIPPED");
    EXPECT_EQ((*response)[bhttp::field::content_encoding], "gzip");
    EXPECT_NE((*response)[bhttp::field::cache_control].find("immutable"), std::string::npos);
    const std::string etag((*response)[bhttp::field::etag]);
    request.set(bhttp::field::if_none_match, etag);
    EXPECT_EQ(files.serve(request, "/assets/app.js")->result(), bhttp::status::not_modified);

    auto plain = make_request(bhttp::verb::get, "/assets/app.js");
    EXPECT_EQ(files.serve(plain, "/assets/app.js")->body(), "console.log(1)");
}

TEST_F(StaticFilesTest, ClientRoutesFallBackToIndexButMissingFilesDoNot) {
    StaticFiles files(root_);
    auto request = make_request(bhttp::verb::get, "/join/ABC");
    EXPECT_EQ(files.serve(request, "/join/ABC")->body(), "<div id=app></div>");
    EXPECT_FALSE(files.serve(request, "/assets/missing.js"));
    EXPECT_EQ(files.serve(request, "/../../etc/passwd")->body(), "<div id=app></div>");
    EXPECT_EQ(files.serve(request, "/dm/bob.smith")->body(), "<div id=app></div>");
    EXPECT_FALSE(files.serve(request, "/socket.io/"));
    EXPECT_FALSE(files.serve(request, "/favicon.ico"));
}

}  // namespace
}  // namespace chatter::http

namespace chatter::http {
namespace {

TEST_F(PipelineTest, HeadUsesTheGetRouteWithoutABody) {
    auth_.principal = Principal{1, "ann", "user", 5, std::nullopt};
    const auto get = app_.run(make_request(bhttp::verb::get, "/api/me"), peer_);
    const auto head = app_.run(make_request(bhttp::verb::head, "/api/me"), peer_);
    EXPECT_EQ(head.result(), bhttp::status::ok);
    EXPECT_TRUE(head.body().empty());
    EXPECT_EQ(head[bhttp::field::content_length], std::to_string(get.body().size()));
}

TEST_F(PipelineTest, MethodNotAllowedListsAllowedMethods) {
    const auto response = app_.run(make_request(bhttp::verb::delete_, "/api/me"), peer_);
    EXPECT_EQ(response.result(), bhttp::status::method_not_allowed);
    EXPECT_EQ(response[bhttp::field::allow], "GET, HEAD");
}

TEST_F(PipelineTest, CsrfChecksSecFetchSiteEvenWithOurOrigin) {
    auth_.principal = Principal{1, "ann", "user", 5, std::nullopt};
    auto request = make_request(bhttp::verb::post, "/api/echo/1", "{}");
    request.set(bhttp::field::content_type, "application/json");
    request.set("Origin", "http://chat.local:8080");
    request.set("Sec-Fetch-Site", "cross-site");
    EXPECT_EQ(app_.run(request, peer_).result(), bhttp::status::forbidden);
}

}  // namespace
}  // namespace chatter::http
