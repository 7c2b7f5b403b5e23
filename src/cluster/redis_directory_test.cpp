// Presence across nodes against a real Redis of each test's own (the directory's keys are global
// to a Redis database): two directories stand for two nodes.

#include "cluster/redis_directory.hpp"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <tuple>

#include "pubsub/test_support.hpp"

namespace chatter::cluster {
namespace {

using pubsub::testing::eventually;
using pubsub::testing::PrivateRedis;

// The result of one enter/leave, waited for.
bool changed(PresenceDirectory& directory, bool enter, const std::string& scope, const std::string& member) {
    auto result = std::make_shared<std::promise<bool>>();
    auto future = result->get_future();
    auto done = [result](bool value) { result->set_value(value); };
    if (enter) {
        directory.enter(scope, member, done);
    } else {
        directory.leave(scope, member, done);
    }
    if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
        throw std::runtime_error("the directory did not answer");
    }
    return future.get();
}

struct Seen {
    std::mutex mutex;
    std::vector<std::tuple<std::string, std::string, bool>> changes;
    std::vector<std::string> nodes_gone;

    PresenceDirectory::Watcher watcher() {
        return [this](const std::string& scope, const std::string& member, bool present) {
            std::lock_guard lock(mutex);
            changes.emplace_back(scope, member, present);
        };
    }
    RedisDirectory::NodeGone node_gone() {
        return [this](const std::string& node) {
            std::lock_guard lock(mutex);
            nodes_gone.push_back(node);
        };
    }
    size_t size() {
        std::lock_guard lock(mutex);
        return changes.size();
    }
};

DirectoryOptions short_ttl() {
    return DirectoryOptions{.node_ttl = std::chrono::milliseconds(900)};
}

TEST(RedisDirectory, AMemberChangesOnlyOnItsFirstAndLastNode) {
    PrivateRedis server;
    pubsub::RedisClient redis(server.address(), "test");
    RedisDirectory a(redis, "a");
    RedisDirectory b(redis, "b");
    a.start();
    b.start();
    EXPECT_TRUE(changed(a, true, "online", "ada"));
    EXPECT_FALSE(changed(b, true, "online", "ada"));
    EXPECT_TRUE(changed(b, true, "online", "bob"));
    EXPECT_TRUE(changed(a, true, "doc:1", "ada"));  // scopes are independent
    EXPECT_EQ(a.members("online"), (std::vector<std::string>{"ada", "bob"}));
    EXPECT_EQ(b.count("online"), 2);
    EXPECT_EQ(b.contains("online", "ada"), true);
    EXPECT_FALSE(changed(a, false, "online", "ada"));
    EXPECT_EQ(b.contains("online", "ada"), true);
    EXPECT_TRUE(changed(b, false, "online", "ada"));
    EXPECT_EQ(a.contains("online", "ada"), false);
    // Leaving twice, or leaving what one never entered, changes nothing.
    EXPECT_FALSE(changed(b, false, "online", "ada"));
    EXPECT_FALSE(changed(a, false, "online", "zed"));
    EXPECT_EQ(a.members("online"), (std::vector<std::string>{"bob"}));
}

TEST(RedisDirectory, ANodeThatStopsHeartbeatingIsReapedOnceWithItsMembers) {
    PrivateRedis server;
    pubsub::RedisClient redis(server.address(), "test");
    Seen seen_a;
    Seen seen_c;
    RedisDirectory a(redis, "a", short_ttl());
    RedisDirectory c(redis, "c", short_ttl());
    a.watch("online", seen_a.watcher());
    c.watch("online", seen_c.watcher());
    a.on_node_gone(seen_a.node_gone());
    c.on_node_gone(seen_c.node_gone());
    a.start();
    c.start();
    {
        RedisDirectory b(redis, "b", short_ttl());
        b.start();
        EXPECT_TRUE(changed(b, true, "online", "zed"));
        EXPECT_TRUE(changed(b, true, "online", "amy"));
        EXPECT_FALSE(changed(a, true, "online", "amy"));  // b holds amy already
        b.stop();                                         // a crash: no retire
    }
    ASSERT_TRUE(eventually([&] { return seen_a.size() + seen_c.size() >= 1; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // a second reap would show by now
    std::vector<std::tuple<std::string, std::string, bool>> all = seen_a.changes;
    all.insert(all.end(), seen_c.changes.begin(), seen_c.changes.end());
    // zed went offline exactly once, in the whole cluster; amy stays (node a has her).
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0], std::make_tuple(std::string("online"), std::string("zed"), false));
    EXPECT_EQ(seen_a.nodes_gone.size() + seen_c.nodes_gone.size(), 1u);
    EXPECT_EQ(a.members("online"), (std::vector<std::string>{"amy"}));
}

TEST(RedisDirectory, ANodeThatRetiresTakesItsMembersAtOnce) {
    PrivateRedis server;
    pubsub::RedisClient redis(server.address(), "test");
    Seen seen;
    RedisDirectory a(redis, "a");
    RedisDirectory b(redis, "b");
    b.watch("", seen.watcher());
    b.on_node_gone(seen.node_gone());
    a.start();
    b.start();
    EXPECT_TRUE(changed(b, true, "online", "zed"));
    EXPECT_TRUE(changed(b, true, "doc:4", "zed"));
    EXPECT_TRUE(changed(a, true, "online", "amy"));
    b.retire();
    EXPECT_EQ(seen.size(), 2u);  // reported before retire() returned, on the retiring node
    EXPECT_EQ(seen.nodes_gone, std::vector<std::string>{"b"});
    EXPECT_EQ(a.members("online"), (std::vector<std::string>{"amy"}));
    EXPECT_EQ(a.count("doc:4"), 0);
    b.leave("online", "zed", [](bool) { FAIL() << "a retired node does no more"; });
}

TEST(RedisDirectory, MembersComeBackAfterRedisRestarts) {
    PrivateRedis server;
    pubsub::RedisClient redis(
        server.address(),
        "test",
        pubsub::RedisClientOptions{
            .min_backoff = std::chrono::milliseconds(10), .max_backoff = std::chrono::milliseconds(100)}
    );
    Seen seen;
    RedisDirectory a(redis, "a", short_ttl());
    a.watch("online", seen.watcher());
    a.start();
    EXPECT_TRUE(changed(a, true, "online", "ada"));
    server.restart();  // no persistence: everything is gone
    ASSERT_TRUE(eventually([&] { return a.members("online") == std::vector<std::string>{"ada"}; }));
    ASSERT_TRUE(eventually([&] { return seen.size() == 1; }));
    EXPECT_EQ(seen.changes[0], std::make_tuple(std::string("online"), std::string("ada"), true));
}

TEST(RedisDirectory, WhileRedisIsAwayEveryChangeCountsAsOne) {
    pubsub::RedisAddress nowhere;
    nowhere.port = 1;
    pubsub::RedisClient redis(nowhere, "test");
    RedisDirectory a(redis, "a");
    a.start();
    EXPECT_TRUE(changed(a, true, "online", "ada"));
    EXPECT_TRUE(changed(a, false, "online", "ada"));
    EXPECT_FALSE(a.members("online"));
    EXPECT_FALSE(a.count("online"));
}

}  // namespace
}  // namespace chatter::cluster
