// Budgets shared by nodes: two limiters with their own Redis connections stand for two nodes.

#include "cluster/redis_rate_limiter.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include "pubsub/test_support.hpp"

namespace chatter::cluster {
namespace {

// A key of this test run: the fixture's Redis outlives a single test.
std::string key(const std::string& name) {
    return "test:" + std::to_string(::getpid()) + ":" + name;
}

class TwoNodes : public ::testing::Test {
  protected:
    TwoNodes()
        : redis_a_(pubsub::testing::test_redis(), "test a"),
          redis_b_(pubsub::testing::test_redis(), "test b"),
          a_(redis_a_),
          b_(redis_b_) {}

    pubsub::RedisClient redis_a_;
    pubsub::RedisClient redis_b_;
    RedisRateLimiter a_;
    RedisRateLimiter b_;
};

TEST_F(TwoNodes, ABudgetHoldsAcrossNodes) {
    const auto login = key("login");
    EXPECT_EQ(a_.acquire(login, 3, 60), 0);
    EXPECT_EQ(b_.acquire(login, 3, 60), 0);
    EXPECT_EQ(a_.acquire(login, 3, 60), 0);
    const int wait_b = b_.acquire(login, 3, 60);
    EXPECT_GT(wait_b, 0);
    EXPECT_LE(wait_b, 60);
    EXPECT_GT(a_.retry_after(login, 3, 60), 0);
    // A legitimate attempt is handed back on either node.
    b_.release(login);
    EXPECT_EQ(a_.retry_after(login, 3, 60), 0);
    EXPECT_EQ(a_.acquire(login, 3, 60), 0);
    EXPECT_GT(b_.acquire(login, 3, 60), 0);
    a_.reset(login);
    EXPECT_EQ(b_.acquire(login, 3, 60), 0);
}

TEST_F(TwoNodes, RecordCountsEveryNodesEventsInOneWindow) {
    const auto sends = key("sends");
    EXPECT_EQ(a_.record(sends, 60), 1);
    EXPECT_EQ(b_.record(sends, 60), 2);
    EXPECT_EQ(a_.record(sends, 60), 3);
    EXPECT_GT(b_.retry_after(sends, 3, 60), 0);
    EXPECT_EQ(b_.retry_after(sends, 4, 60), 0);
}

TEST_F(TwoNodes, AWindowEndsForEveryNode) {
    const auto burst = key("burst");
    EXPECT_EQ(a_.acquire(burst, 1, 1), 0);
    EXPECT_EQ(b_.acquire(burst, 1, 1), 1);
    ASSERT_TRUE(pubsub::testing::eventually([&] { return b_.acquire(burst, 1, 1) == 0; }, std::chrono::seconds(5)));
    EXPECT_GT(a_.acquire(burst, 1, 1), 0);
}

TEST_F(TwoNodes, ReleaseNeverGoesBelowZero) {
    const auto k = key("release");
    a_.release(k);
    a_.release(k);
    EXPECT_EQ(a_.acquire(k, 1, 60), 0);
    EXPECT_GT(b_.acquire(k, 1, 60), 0);
}

TEST(RedisRateLimiterAway, FallsBackToThisNodesCountsWhileRedisIsUnreachable) {
    pubsub::testing::LogCapture logs;
    pubsub::RedisAddress nowhere;
    nowhere.port = 1;
    pubsub::RedisClient redis(nowhere, "rate limits");
    RedisRateLimiter limiter(redis);
    EXPECT_EQ(limiter.acquire("k", 2, 60), 0);
    EXPECT_EQ(limiter.acquire("k", 2, 60), 0);
    EXPECT_GT(limiter.acquire("k", 2, 60), 0);
    limiter.release("k");
    EXPECT_EQ(limiter.acquire("k", 2, 60), 0);
    EXPECT_FALSE(redis.available());
    EXPECT_EQ(logs.count("serving from this node alone"), 1u);
}

}  // namespace
}  // namespace chatter::cluster
