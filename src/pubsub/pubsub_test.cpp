// The pure parts of the bus: URLs, the frame, and the in-process bus.

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "pubsub/envelope.hpp"
#include "pubsub/local_bus.hpp"
#include "pubsub/redis_url.hpp"
#include "pubsub/test_support.hpp"

namespace chatter::pubsub {
namespace {

using testing::eventually;
using testing::LogCapture;
using testing::Received;

TEST(RedisUrl, ReadsHostPortCredentialsAndDatabase) {
    std::string error;
    auto plain = parse_redis_url("redis://cache.internal:6380", error);
    ASSERT_TRUE(plain) << error;
    EXPECT_EQ(plain->host, "cache.internal");
    EXPECT_EQ(plain->port, 6380);
    EXPECT_EQ(plain->db, 0);
    EXPECT_TRUE(plain->password.empty());

    auto full = parse_redis_url("redis://chatter:s3cret@10.0.0.5/2", error);
    ASSERT_TRUE(full) << error;
    EXPECT_EQ(full->port, 6379);
    EXPECT_EQ(full->username, "chatter");
    EXPECT_EQ(full->password, "s3cret");
    EXPECT_EQ(full->db, 2);
    EXPECT_EQ(full->text(), "redis://10.0.0.5:6379/2");  // never the password

    auto password_only = parse_redis_url("redis://:pw@[::1]:7000", error);
    ASSERT_TRUE(password_only) << error;
    EXPECT_EQ(password_only->host, "::1");
    EXPECT_TRUE(password_only->username.empty());
    EXPECT_EQ(password_only->password, "pw");
    EXPECT_EQ(password_only->text(), "redis://[::1]:7000/0");
}

TEST(RedisUrl, RefusesOtherForms) {
    for (const auto* url :
         {"",
          "localhost:6379",
          "http://localhost:6379",
          "rediss://h:1",
          "redis://h:0",
          "redis://h:99999",
          "redis://h/x",
          "redis://h:6379?db=1",
          "redis://"}) {
        std::string error;
        EXPECT_FALSE(parse_redis_url(url, error)) << url;
        EXPECT_FALSE(error.empty()) << url;
    }
}

TEST(Envelope, CarriesTheNodeIdAndAnyBody) {
    const std::string body("a\nb\0c", 5);
    const auto frame = seal("node-1", body);
    const auto opened = open(frame);
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened->node_id, "node-1");
    EXPECT_EQ(opened->body, body);
}

TEST(Envelope, RefusesFramesWithoutAValidNodeId) {
    EXPECT_FALSE(open("no newline at all"));
    EXPECT_FALSE(open("\nempty node"));
    EXPECT_FALSE(open("bad node id\n{}"));
    EXPECT_FALSE(open(std::string(65, 'a') + "\n{}"));
    EXPECT_TRUE(valid_node_id(generate_node_id()));
    EXPECT_NE(generate_node_id(), generate_node_id());
}

TEST(LocalBus, DeliversToOtherNodesInOrderAndNeverBackToTheSender) {
    auto hub = std::make_shared<LocalHub>();
    LocalBus a(hub, "a");
    LocalBus b(hub, "b");
    Received at_a;
    Received at_b;
    a.subscribe("events", at_a.handler());
    b.subscribe("events", at_b.handler());
    b.subscribe("other", at_b.handler());
    a.start();
    b.start();
    for (int i = 0; i < 100; ++i) {
        a.publish("events", std::to_string(i));
    }
    ASSERT_TRUE(eventually([&] { return at_b.snapshot().size() == 100; }));
    for (int i = 0; i < 100; ++i) {
        EXPECT_EQ(at_b.snapshot()[i], std::to_string(i));
    }
    b.publish("events", "from b");
    ASSERT_TRUE(eventually([&] { return at_a.snapshot().size() == 1; }));
    EXPECT_EQ(at_a.snapshot()[0], "from b");
    a.stop();
    b.stop();
    EXPECT_EQ(at_b.snapshot().size(), 100u);
}

TEST(LocalBus, AHandlerThatThrowsIsLoggedAndTheBusGoesOn) {
    LogCapture logs;
    auto hub = std::make_shared<LocalHub>();
    LocalBus a(hub, "a");
    LocalBus b(hub, "b");
    Received at_b;
    b.subscribe("events", [](std::string_view message) {
        if (message == "poison") {
            throw std::runtime_error("cannot read this");
        }
    });
    b.subscribe("events", at_b.handler());
    a.start();
    b.start();
    a.publish("events", "poison");
    a.publish("events", "fine");
    ASSERT_TRUE(eventually([&] { return at_b.snapshot().size() == 2; }));
    EXPECT_EQ(logs.count("cannot read this"), 1u);
}

}  // namespace
}  // namespace chatter::pubsub
