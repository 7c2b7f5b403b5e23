#include "engineio/server.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/crypto.hpp"
#include "engineio/test_support.hpp"

namespace chatter::engineio {
namespace {

using boost::beast::http::verb;
using testing::request;
using testing::run_until;

class EngineServerTest : public ::testing::Test {
  protected:
    EngineServerTest() {
        crypto::crypto_init();
        Options options;
        options.ping_interval = std::chrono::milliseconds(300);
        options.ping_timeout = std::chrono::milliseconds(200);
        options.max_http_buffer_size = 100;
        options.max_queued_bytes = 1000;
        server_ = std::make_unique<Server>(options, [this] { return ctx_.get_executor(); });
        server_->on_connection([](const std::shared_ptr<Session>& session) {
            std::weak_ptr<Session> weak = session;
            session->set_handlers(
                {.on_message =
                     [weak](Packet packet) {
                         if (auto self = weak.lock()) {
                             self->send({std::move(packet)});
                         }
                     },
                 .on_close = {}}
            );
        });
    }

    // Lets the sessions finish on their strands, as the network threads do after Server::close_all.
    void TearDown() override {
        server_->close_all();
        ctx_.restart();
        ctx_.poll();
        server_.reset();
        ctx_.restart();
        ctx_.poll();
    }

    std::string handshake() {
        auto r = request(*server_, verb::get, "/engine.io/?EIO=4&transport=polling");
        EXPECT_TRUE(run_until(ctx_, [&] { return r->answered(); }));
        auto open = boost::json::parse(r->body().substr(1)).as_object();
        return std::string(open.at("sid").as_string());
    }

    std::string path(const std::string& sid) { return "/engine.io/?EIO=4&transport=polling&sid=" + sid; }

    std::shared_ptr<testing::RecordingResponder> get(const std::string& sid) {
        return request(*server_, verb::get, path(sid));
    }
    std::shared_ptr<testing::RecordingResponder> post(const std::string& sid, std::string body) {
        return request(*server_, verb::post, path(sid), std::move(body));
    }

    boost::asio::io_context ctx_;
    std::unique_ptr<Server> server_;
};

TEST_F(EngineServerTest, MatchesPathWithAndWithoutSlash) {
    EXPECT_TRUE(server_->matches("/engine.io/?EIO=4"));
    EXPECT_TRUE(server_->matches("/engine.io"));
    EXPECT_FALSE(server_->matches("/engine.iox/"));
    EXPECT_FALSE(server_->matches("/api/x"));
}

TEST_F(EngineServerTest, SessionKeepsOnlyTheConfiguredHandshakeHeaders) {
    std::shared_ptr<Session> opened;
    server_->on_connection([&opened](const std::shared_ptr<Session>& session) { opened = session; });
    net::HttpRequest req{verb::get, "/engine.io/?EIO=4&transport=polling&t=1", 11};
    req.set("cookie", "chatter_session=abc");
    req.set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)");
    req.set("X-Forwarded-For", "203.0.113.9");
    req.set("Accept-Language", "en-GB,en;q=0.9");
    req.set("Cache-Control", "no-cache");
    req.set("X-Custom", "dropped");
    auto responder = std::make_shared<testing::RecordingResponder>();
    server_->handle_http(std::move(req), net::PeerInfo{"127.0.0.1", 1234, false}, responder);
    ASSERT_TRUE(run_until(ctx_, [&] { return responder->answered() && opened; }));
    const net::HttpRequest& kept = opened->handshake();
    EXPECT_EQ(kept.target(), "/engine.io/?EIO=4&transport=polling&t=1");
    EXPECT_EQ(kept["Cookie"], "chatter_session=abc");
    EXPECT_EQ(kept["user-agent"], "Mozilla/5.0 (X11; Linux x86_64)");
    EXPECT_EQ(kept["X-Forwarded-For"], "203.0.113.9");
    EXPECT_EQ(std::distance(kept.begin(), kept.end()), 3);
}

TEST_F(EngineServerTest, HandshakeHasFiveKeysAndHeaders) {
    auto r = request(*server_, verb::get, "/engine.io/?EIO=4&transport=polling&t=x");
    ASSERT_TRUE(run_until(ctx_, [&] { return r->answered(); }));
    EXPECT_EQ(r->status(), 200u);
    EXPECT_EQ(r->response()[boost::beast::http::field::cache_control], "no-store");
    auto open = boost::json::parse(r->body().substr(1)).as_object();
    EXPECT_EQ(open.size(), 5u);
    // 88 random bits in 15 URL-safe characters: unguessable, and short enough for the small-string buffer.
    EXPECT_EQ(open.at("sid").as_string().size(), 15u);
    EXPECT_EQ(boost::json::serialize(open.at("upgrades")), R"(["websocket"])");
    EXPECT_EQ(open.at("pingInterval").as_int64(), 300);
    EXPECT_EQ(open.at("maxPayload").as_int64(), 100);
}

TEST_F(EngineServerTest, ErrorCodes) {
    EXPECT_EQ(
        request(*server_, verb::get, "/engine.io/?transport=polling")->body(),
        R"({"code":5,"message":"Unsupported protocol version"})"
    );
    EXPECT_EQ(
        request(*server_, verb::get, "/engine.io/?EIO=4&transport=x")->body(),
        R"({"code":0,"message":"Transport unknown"})"
    );
    EXPECT_EQ(request(*server_, verb::get, path("nope"))->body(), R"({"code":1,"message":"Session ID unknown"})");
    EXPECT_EQ(
        request(*server_, verb::put, "/engine.io/?EIO=4&transport=polling")->body(),
        R"({"code":2,"message":"Bad handshake method"})"
    );
    EXPECT_EQ(
        request(*server_, verb::get, "/engine.io/?EIO=4&transport=websocket")->body(),
        R"({"code":3,"message":"Bad request"})"
    );
}

TEST_F(EngineServerTest, PostsAreDispatchedBeforeOkAndBatchedInOneGet) {
    const auto sid = handshake();
    auto p = post(
        sid,
        "4a\x1e"
        "4b\x1e"
        "bAQI="
    );
    ASSERT_TRUE(run_until(ctx_, [&] { return p->answered(); }));
    EXPECT_EQ(p->body(), "ok");
    auto g = get(sid);
    ASSERT_TRUE(run_until(ctx_, [&] { return g->answered(); }));
    EXPECT_EQ(
        g->body(),
        "4a\x1e"
        "4b\x1e"
        "bAQI="
    );
}

TEST_F(EngineServerTest, OversizedPostIs413AndKeepsSession) {
    const auto sid = handshake();
    auto p = post(sid, "4" + std::string(200, 'x'));
    ASSERT_TRUE(run_until(ctx_, [&] { return p->answered(); }));
    EXPECT_EQ(p->status(), 413u);
    EXPECT_EQ(server_->session_count(), 1u);
}

TEST_F(EngineServerTest, DuplicateGetClosesSession) {
    const auto sid = handshake();
    auto first = get(sid);
    run_until(
        ctx_, [] { return false; }, std::chrono::milliseconds(20)
    );
    EXPECT_FALSE(first->answered());
    auto second = get(sid);
    ASSERT_TRUE(run_until(ctx_, [&] { return first->answered() && second->answered(); }));
    EXPECT_EQ(second->status(), 400u);
    EXPECT_EQ(first->body(), "1");
    auto third = get(sid);
    ASSERT_TRUE(run_until(ctx_, [&] { return third->answered(); }));
    EXPECT_EQ(third->status(), 400u);
}

TEST_F(EngineServerTest, AbortedGetClosesSession) {
    const auto sid = handshake();
    auto first = get(sid);
    run_until(
        ctx_, [] { return false; }, std::chrono::milliseconds(20)
    );
    first->abort();
    ASSERT_TRUE(run_until(ctx_, [&] { return server_->session_count() == 0; }));
}

TEST_F(EngineServerTest, ClientCloseGraceAnswersLateGetWithNoop) {
    const auto sid = handshake();
    auto p = post(sid, "1");
    ASSERT_TRUE(run_until(ctx_, [&] { return p->answered(); }));
    auto g = get(sid);
    ASSERT_TRUE(run_until(ctx_, [&] { return g->answered(); }));
    EXPECT_EQ(g->body(), "6");
    ASSERT_TRUE(run_until(ctx_, [&] { return server_->session_count() == 0; }));
}

TEST_F(EngineServerTest, InvalidPayloadAndOctetStreamCloseSession) {
    const auto a = handshake();
    auto p = post(a, "abc");
    ASSERT_TRUE(run_until(ctx_, [&] { return p->answered(); }));
    EXPECT_EQ(p->status(), 400u);
    const auto b = handshake();
    auto q = request(*server_, verb::post, path(b), "4x", "application/octet-stream");
    ASSERT_TRUE(run_until(ctx_, [&] { return q->answered(); }));
    EXPECT_EQ(q->status(), 400u);
    EXPECT_EQ(server_->session_count(), 0u);
}

TEST_F(EngineServerTest, PingIsQueuedOnTimeAndMissingPongCloses) {
    const auto sid = handshake();
    auto g = get(sid);
    ASSERT_TRUE(run_until(ctx_, [&] { return g->answered(); }));
    EXPECT_EQ(g->body(), "2");
    ASSERT_TRUE(run_until(ctx_, [&] { return server_->session_count() == 0; }));
}

TEST_F(EngineServerTest, SlowConsumerIsClosedWhenItsQueuePassesTheLimit) {
    const auto sid = handshake();
    for (int i = 0; i < 20 && server_->session_count() == 1; ++i) {
        auto p = post(sid, "4" + std::string(90, 'x'));
        ASSERT_TRUE(run_until(ctx_, [&] { return p->answered(); }));
    }
    EXPECT_EQ(server_->session_count(), 0u);
}

TEST_F(EngineServerTest, ClientPingIsAnError) {
    const auto sid = handshake();
    auto p = post(sid, "2");
    ASSERT_TRUE(run_until(ctx_, [&] { return p->answered(); }));
    EXPECT_EQ(server_->session_count(), 0u);
}

TEST_F(EngineServerTest, CorsOffSendsNoHeaders) {
    auto r = request(*server_, verb::get, "/engine.io/?EIO=4&transport=polling");
    ASSERT_TRUE(run_until(ctx_, [&] { return r->answered(); }));
    EXPECT_EQ(r->response().count(boost::beast::http::field::access_control_allow_origin), 0u);
}

}  // namespace
}  // namespace chatter::engineio
