// The Redis bus against a real redis-server: the ctest fixture's, and private ones for restarts.

#include "pubsub/redis_bus.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "pubsub/redis_connection.hpp"
#include "pubsub/test_support.hpp"

namespace chatter::pubsub {
namespace {

using testing::eventually;
using testing::LogCapture;
using testing::PrivateRedis;
using testing::Received;
using testing::test_redis;

// Quick back-off and pings, so that restarts are noticed within the test's patience.
RedisBusOptions fast() {
    RedisBusOptions options;
    options.min_backoff = std::chrono::milliseconds(20);
    options.max_backoff = std::chrono::milliseconds(200);
    options.ping_interval = std::chrono::milliseconds(300);
    options.timeout = std::chrono::milliseconds(500);
    return options;
}

// A unique channel per test: the fixture's Redis is shared by every test.
std::string channel_for(const std::string& test) {
    return "test:" + test + ":" + std::to_string(::getpid());
}

TEST(RedisBus, OtherNodesReceiveEveryMessageInOrderAndTheSenderNone) {
    const auto channel = channel_for("order");
    RedisBus a(test_redis(), "node-a", fast());
    RedisBus b(test_redis(), "node-b", fast());
    Received at_a;
    Received at_b;
    a.subscribe(channel, at_a.handler());
    b.subscribe(channel, at_b.handler());
    a.start();
    b.start();
    ASSERT_TRUE(eventually([&] { return a.subscribed() && b.subscribed(); }));
    for (int i = 0; i < 500; ++i) {
        a.publish(channel, "m" + std::to_string(i));
    }
    b.publish(channel, "hello from b");
    ASSERT_TRUE(eventually([&] { return at_b.size() == 500 && at_a.size() == 1; }));
    const auto got = at_b.snapshot();
    for (int i = 0; i < 500; ++i) {
        ASSERT_EQ(got[i], "m" + std::to_string(i));
    }
    EXPECT_EQ(at_a.snapshot()[0], "hello from b");
    // Nothing of a's own came back to it, even later.
    a.publish(channel, "last");
    ASSERT_TRUE(eventually([&] { return at_b.size() == 501; }));
    EXPECT_EQ(at_a.size(), 1u);
    EXPECT_EQ(a.dropped(), 0u);
}

TEST(RedisBus, BinaryBodiesArriveIntact) {
    const auto channel = channel_for("binary");
    RedisBus a(test_redis(), "node-a", fast());
    RedisBus b(test_redis(), "node-b", fast());
    Received at_b;
    b.subscribe(channel, at_b.handler());
    a.start();
    b.start();
    ASSERT_TRUE(eventually([&] { return b.subscribed(); }));
    const std::string body("\0\n\r\xff{\"x\":1}", 10);
    a.publish(channel, body);
    ASSERT_TRUE(eventually([&] { return at_b.size() == 1; }));
    EXPECT_EQ(at_b.snapshot()[0], body);
}

TEST(RedisBus, MalformedMessagesAreLoggedAndDroppedAndDeliveryGoesOn) {
    LogCapture logs;
    const auto channel = channel_for("malformed");
    RedisBus b(test_redis(), "node-b", fast());
    Received at_b;
    b.subscribe(channel, at_b.handler());
    b.start();
    ASSERT_TRUE(eventually([&] { return b.subscribed(); }));
    RedisConnection raw(test_redis(), std::chrono::seconds(2));
    raw.connect();
    for (const std::string& junk :
         {std::string("no frame at all"),
          std::string("bad node!\n{}"),
          std::string(),
          std::string("\xff\xfe\x00", 3)}) {
        const auto reply = raw.command({"PUBLISH", channel, junk});
        ASSERT_EQ(reply.integer, 1);
    }
    raw.command({"PUBLISH", channel, "node-x\nstill fine"});
    ASSERT_TRUE(eventually([&] { return at_b.size() == 1; }));
    EXPECT_EQ(at_b.snapshot()[0], "still fine");
    EXPECT_EQ(logs.count("dropped a malformed message"), 4u);
}

TEST(RedisBus, ReconnectsAfterTheRedisServerRestarts) {
    PrivateRedis redis;
    const auto channel = channel_for("restart");
    RedisBus a(redis.address(), "node-a", fast());
    RedisBus b(redis.address(), "node-b", fast());
    Received at_b;
    b.subscribe(channel, at_b.handler());
    a.start();
    b.start();
    ASSERT_TRUE(eventually([&] { return b.subscribed(); }));
    a.publish(channel, "before");
    ASSERT_TRUE(eventually([&] { return at_b.size() == 1; }));

    EXPECT_EQ(b.subscriptions(), 1u);
    redis.restart();
    // The subscriber notices (EOF or an unanswered PING) and subscribes again to the new server.
    ASSERT_TRUE(eventually([&] { return b.subscriptions() == 2 && b.subscribed(); }, std::chrono::seconds(10)));
    // The publisher learns of the restart on its next write; keep publishing until one arrives.
    ASSERT_TRUE(eventually(
        [&] {
            a.publish(channel, "after");
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            return at_b.size() >= 2;
        },
        std::chrono::seconds(10)
    ));
    for (const auto& message : at_b.snapshot()) {
        EXPECT_TRUE(message == "before" || message == "after") << message;
    }
}

TEST(RedisBus, KeepsRunningWhileRedisIsUnreachableAndDropsWhatItCannotSend) {
    LogCapture logs;
    RedisAddress nowhere;
    nowhere.port = 1;  // nothing listens on port 1
    RedisBus bus(nowhere, "lonely", fast());
    Received got;
    bus.subscribe("x", got.handler());
    bus.start();
    ASSERT_TRUE(eventually([&] {
        bus.publish("x", "lost");
        return bus.dropped() > 0;
    }));
    EXPECT_FALSE(bus.subscribed());
    bus.stop();  // returns although Redis never answered
    EXPECT_GE(logs.count("retrying"), 1u);
}

}  // namespace
}  // namespace chatter::pubsub
