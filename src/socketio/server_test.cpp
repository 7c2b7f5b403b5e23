#include "socketio/server.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/crypto.hpp"
#include "engineio/test_support.hpp"

namespace chatter::socketio {
namespace {

namespace json = boost::json;
using boost::beast::http::verb;
using engineio::testing::request;
using engineio::testing::run_until;

class SocketServerTest : public ::testing::Test {
  protected:
    SocketServerTest() {
        crypto::crypto_init();
        ServerOptions options;
        options.engine.ping_interval = std::chrono::seconds(10);
        options.connect_timeout = std::chrono::milliseconds(200);
        io_ = std::make_unique<Server>(options, [this] { return ctx_.get_executor(); });
    }

    void TearDown() override {
        io_->close_all();
        ctx_.restart();
        ctx_.poll();
        io_.reset();
        ctx_.restart();
        ctx_.poll();
    }

    std::string handshake() {
        auto r = request(io_->engine(), verb::get, "/socket.io/?EIO=4&transport=polling");
        EXPECT_TRUE(run_until(ctx_, [&] { return r->answered(); }));
        return std::string(json::parse(r->body().substr(1)).at("sid").as_string());
    }

    /// A polling session connected to the main namespace, its CONNECT reply read.
    std::string connect_main() {
        const auto sid = handshake();
        post(sid, "40");
        get(sid);
        return sid;
    }

    std::string path(const std::string& sid) { return "/socket.io/?EIO=4&transport=polling&sid=" + sid; }

    unsigned post(const std::string& sid, std::string body) {
        auto r = request(io_->engine(), verb::post, path(sid), std::move(body));
        EXPECT_TRUE(run_until(ctx_, [&] { return r->answered(); }));
        return r->status();
    }

    std::string get(const std::string& sid) {
        auto r = request(io_->engine(), verb::get, path(sid));
        EXPECT_TRUE(run_until(ctx_, [&] { return r->answered(); }));
        return r->body();
    }

    boost::asio::io_context ctx_;
    std::unique_ptr<Server> io_;
};

TEST_F(SocketServerTest, ConnectRepliesWithSidOnlyAndRunsHandler) {
    std::string seen_auth;
    io_->of("/").on_connection([&](const std::shared_ptr<Socket>& socket) {
        seen_auth = json::serialize(socket->auth());
        socket->emit("hello", json::array{1});
    });
    const auto sid = handshake();
    EXPECT_EQ(post(sid, R"(40{"token":"x"})"), 200u);
    const std::string body = get(sid);
    const auto records = body.substr(0, body.find('\x1e'));
    ASSERT_TRUE(records.starts_with("40{"));
    const auto reply = json::parse(records.substr(2)).as_object();
    EXPECT_EQ(reply.size(), 1u);
    EXPECT_NE(std::string(reply.at("sid").as_string()), sid);
    EXPECT_EQ(body.substr(body.find('\x1e') + 1), R"(42["hello",1])");
    EXPECT_EQ(seen_auth, R"({"token":"x"})");
}

TEST_F(SocketServerTest, UnknownNamespaceKeepsConnection) {
    const auto sid = handshake();
    post(sid, "40/random");
    EXPECT_EQ(get(sid), R"(44/random,{"message":"Invalid namespace"})");
    post(sid, "40");
    EXPECT_TRUE(get(sid).starts_with("40{\"sid\":"));
}

TEST_F(SocketServerTest, MiddlewareRefusalAndAsyncAccept) {
    auto& admin = io_->of("/admin");
    admin.use([](const std::shared_ptr<Socket>& socket, Namespace::Next next) {
        if (!socket->auth().contains("token")) {
            next(ConnectError{"no token", json::value{{"code", 1}}});
            return;
        }
        socket->data = std::string("alice");
        std::thread([next] { next(std::nullopt); }).detach();
    });
    std::string user;
    admin.on_connection([&](const std::shared_ptr<Socket>& socket) { user = std::any_cast<std::string>(socket->data); }
    );
    const auto sid = handshake();
    post(sid, "40/admin,");
    EXPECT_EQ(get(sid), R"(44/admin,{"message":"no token","data":{"code":1}})");
    post(sid, R"(40/admin,{"token":"t"})");
    EXPECT_TRUE(get(sid).starts_with("40/admin,{\"sid\":"));
    EXPECT_EQ(user, "alice");
}

TEST_F(SocketServerTest, AckAndRoomBroadcastEncodedOnce) {
    io_->of("/").on_connection([&](const std::shared_ptr<Socket>& socket) {
        socket->join("room");
        socket->on("echo", [](const json::array& args, std::optional<Ack> ack) {
            if (ack) {
                (*ack)(args);
            }
        });
    });
    const auto a = connect_main();
    const auto b = connect_main();
    post(a, R"(427["echo","x"])");
    EXPECT_EQ(get(a), R"(437["x"])");
    io_->of("/").to("room").emit("news", json::array{"hi"});
    EXPECT_EQ(get(a), R"(42["news","hi"])");
    EXPECT_EQ(get(b), R"(42["news","hi"])");
}

TEST_F(SocketServerTest, OtherEventHandlerGetsOnlyEventsWithoutTheirOwn) {
    std::vector<std::string> others;
    io_->of("/").on_connection([&](const std::shared_ptr<Socket>& socket) {
        socket->on("own", [](const json::array&, std::optional<Ack> ack) {
            if (ack) {
                (*ack)(json::array{"own handler"});
            }
        });
        socket->on_other([&others](const std::string& event, const json::array& args, std::optional<Ack> ack) {
            others.push_back(event);
            if (ack) {
                (*ack)(json::array{event, args.size()});
            }
        });
    });
    const auto sid = handshake();
    post(sid, "40");
    get(sid);
    post(sid, R"(421["own"])");
    EXPECT_EQ(get(sid), R"(431["own handler"])");
    post(sid, R"(422["shared",1,2])");
    EXPECT_EQ(get(sid), R"(432["shared",2])");
    post(sid, R"(42["no ack"])");
    run_until(ctx_, [&] { return others.size() == 2; });
    EXPECT_EQ(others, (std::vector<std::string>{"shared", "no ack"}));
}

TEST_F(SocketServerTest, RoomSocketsAndDisconnectSockets) {
    io_->of("/").on_connection([&](const std::shared_ptr<Socket>& socket) { socket->join("kick"); });
    const auto a = handshake();
    post(a, "40");
    get(a);
    auto& root = io_->of("/");
    EXPECT_EQ(root.to("kick").sockets().size(), 1u);
    EXPECT_TRUE(root.to("other").sockets().empty());
    root.to("kick").disconnect_sockets();
    EXPECT_EQ(get(a), "41");
    EXPECT_TRUE(run_until(ctx_, [&] { return root.socket_count() == 0; }));
}

TEST_F(SocketServerTest, OwnIdRoomReachesOnlyItsSocketUntilItLeaves) {
    std::vector<std::shared_ptr<Socket>> sockets;
    io_->of("/").on_connection([&](const std::shared_ptr<Socket>& socket) {
        sockets.push_back(socket);
        socket->join("team");
    });
    const auto a = connect_main();
    const auto b = connect_main();
    ASSERT_EQ(sockets.size(), 2u);
    auto& root = io_->of("/");
    const std::string a_id = sockets[0]->id();
    EXPECT_EQ(sockets[0]->rooms(), (std::vector<std::string>{a_id, "team"}));

    root.to(a_id).emit("direct", json::array{1});
    EXPECT_EQ(get(a), R"(42["direct",1])");
    root.to("team").except(a_id).emit("others", json::array{2});
    EXPECT_EQ(get(b), R"(42["others",2])");
    // `to(a).to(team)` reaches a once.
    root.to(a_id).to("team").emit("both", json::array{3});
    EXPECT_EQ(get(a), R"(42["both",3])");
    EXPECT_EQ(get(b), R"(42["both",3])");

    sockets[0]->leave(a_id);
    EXPECT_EQ(sockets[0]->rooms(), (std::vector<std::string>{"team"}));
    EXPECT_TRUE(root.to(a_id).sockets().empty());
    sockets[0]->join(a_id);
    EXPECT_EQ(root.to(a_id).sockets().size(), 1u);

    sockets[1]->leave("team");
    EXPECT_EQ(root.to("team").sockets().size(), 1u);
    EXPECT_EQ(sockets[1]->rooms(), (std::vector<std::string>{sockets[1]->id()}));
}

TEST_F(SocketServerTest, MalformedPacketClosesConnection) {
    const auto sid = handshake();
    post(sid, "40");
    get(sid);
    post(sid, "42{}");
    // Over polling the close packet waits for the client's next GET.
    EXPECT_EQ(get(sid), "1");
    EXPECT_TRUE(run_until(ctx_, [&] { return io_->engine().session_count() == 0; }));
}

TEST_F(SocketServerTest, ConnectTimeoutClosesConnection) {
    const auto sid = handshake();
    EXPECT_EQ(get(sid), "1");
    EXPECT_TRUE(run_until(ctx_, [&] { return io_->engine().session_count() == 0; }));
}

}  // namespace
}  // namespace chatter::socketio
