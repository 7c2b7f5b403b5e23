#include "engineio/ws_handshake.hpp"

#include <boost/beast/http/field.hpp>

#include <gtest/gtest.h>

namespace chatter::engineio::ws {
namespace {

namespace http = boost::beast::http;

net::HttpRequest upgrade_request() {
    net::HttpRequest request{http::verb::get, "/socket.io/?EIO=4&transport=websocket", 11};
    request.set(http::field::connection, "keep-alive, Upgrade");
    request.set(http::field::upgrade, "websocket");
    request.set(http::field::sec_websocket_version, "13");
    request.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
    return request;
}

TEST(WsHandshake, AcceptKeyIsTheRfcExample) {
    // RFC 6455 §1.3.
    EXPECT_EQ(accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WsHandshake, AcceptsAWellFormedUpgrade) {
    EXPECT_FALSE(check_upgrade(upgrade_request()).has_value());
    const std::string response = switching_protocols(upgrade_request());
    EXPECT_EQ(response.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0), 0u);
    EXPECT_NE(response.find("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"), std::string::npos);
}

TEST(WsHandshake, RefusesOtherVersionsWith426) {
    auto request = upgrade_request();
    request.set(http::field::sec_websocket_version, "8");
    const auto refused = check_upgrade(request);
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->status, 426u);
    request.erase(http::field::sec_websocket_version);
    EXPECT_EQ(check_upgrade(request)->status, 400u);
}

TEST(WsHandshake, RefusesBadKeys) {
    for (const char* key :
         {"",
          "short==",
          "dGhlIHNhbXBsZSBub25jZQ",
          "dGhlIHNhbXBsZSBub25jZQ=x",
          "dGhlIHNhbXBs!SBub25jZQ==",
          "dGhlIHNhbXBsZSBub25jZSEh"}) {
        auto request = upgrade_request();
        request.set(http::field::sec_websocket_key, key);
        const auto refused = check_upgrade(request);
        ASSERT_TRUE(refused.has_value()) << key;
        EXPECT_EQ(refused->status, 400u);
    }
}

TEST(WsHandshake, RefusesWhatIsNotAnUpgrade) {
    auto post = upgrade_request();
    post.method(http::verb::post);
    EXPECT_TRUE(check_upgrade(post).has_value());
    auto old = upgrade_request();
    old.version(10);
    EXPECT_TRUE(check_upgrade(old).has_value());
    auto no_upgrade = upgrade_request();
    no_upgrade.set(http::field::connection, "keep-alive");
    EXPECT_TRUE(check_upgrade(no_upgrade).has_value());
    auto other = upgrade_request();
    other.set(http::field::upgrade, "h2c");
    EXPECT_TRUE(check_upgrade(other).has_value());
}

}  // namespace
}  // namespace chatter::engineio::ws
