// Cross-node delivery: two nodes, each with its own "connections" (a recording sink), on the
// in-process bus and on the real Redis of the ctest fixture.

#include "cluster/cluster_relay.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "core/recording_sink.hpp"
#include "pubsub/local_bus.hpp"
#include "pubsub/redis_bus.hpp"
#include "pubsub/redis_connection.hpp"
#include "pubsub/test_support.hpp"

namespace chatter::cluster {
namespace {

namespace json = boost::json;
using chatter::testing::Emitted;
using chatter::testing::RecordingSink;
using pubsub::testing::eventually;
using pubsub::testing::LogCapture;

// Signals received from another node run where the node's workers would run them: here, inline.
void run_now(std::function<void()> job) {
    job();
}

struct Node {
    Node(std::unique_ptr<pubsub::Bus> bus_in) : bus(std::move(bus_in)), relay(connections, *bus, run_now) {}

    RecordingSink connections;
    std::unique_ptr<pubsub::Bus> bus;
    ClusterRelay relay;
};

// Each event that one node emits reaches both nodes' connections exactly once.
void expect_everything_once(Node& a, Node& b) {
    const json::object payload{{"id", 7}, {"text", "hi"}};
    a.relay.to_user("ada", "dm", payload);
    b.relay.to_room("channel:general", "new_message", payload);
    a.relay.to_room_except("doc:3", "sock-1", "doc_op", payload);
    b.relay.to_all("user_list_refresh", json::object{{"online", "ada"}});
    a.relay.disconnect_user("mallory");
    std::vector<Emitted> at_a;
    std::vector<Emitted> at_b;
    ASSERT_TRUE(eventually([&] {
        for (auto& e : a.connections.take()) {
            at_a.push_back(std::move(e));
        }
        for (auto& e : b.connections.take()) {
            at_b.push_back(std::move(e));
        }
        return at_a.size() >= 5 && at_b.size() >= 5;
    }));
    // Nothing more arrives later (no echo of a node's own messages).
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_TRUE(a.connections.take().empty());
    EXPECT_TRUE(b.connections.take().empty());
    for (const auto* seen : {&at_a, &at_b}) {
        ASSERT_EQ(seen->size(), 5u);
        auto count = [&](const std::string& target, const std::string& event) {
            return std::count_if(seen->begin(), seen->end(), [&](const Emitted& e) {
                return e.target == target && e.event == event;
            });
        };
        EXPECT_EQ(count("user:ada", "dm"), 1);
        EXPECT_EQ(count("room:channel:general", "new_message"), 1);
        EXPECT_EQ(count("room:doc:3", "doc_op"), 1);
        EXPECT_EQ(count("all", "user_list_refresh"), 1);
        EXPECT_EQ(count("user:mallory", "disconnect"), 1);
        for (const auto& e : *seen) {
            if (e.event == "doc_op") {
                EXPECT_EQ(e.except, "sock-1");
            }
            if (e.event == "dm") {
                EXPECT_EQ(e.payload, payload);
            }
        }
    }
}

class LocalPair : public ::testing::Test {
  protected:
    LocalPair()
        : hub_(std::make_shared<pubsub::LocalHub>()),
          a_(std::make_unique<pubsub::LocalBus>(hub_, "a")),
          b_(std::make_unique<pubsub::LocalBus>(hub_, "b")) {
        a_.bus->start();
        b_.bus->start();
    }

    std::shared_ptr<pubsub::LocalHub> hub_;
    Node a_;
    Node b_;
};

TEST_F(LocalPair, EveryEventReachesEveryNodesConnectionsOnce) {
    expect_everything_once(a_, b_);
}

TEST_F(LocalPair, SignalsRunHereAtOnceAndOnTheOtherNodes) {
    std::atomic<int> ran_a{0};
    std::atomic<int> ran_b{0};
    json::value seen_by_b;
    a_.relay.on("address_bans", [&](const json::value&) { ++ran_a; });
    b_.relay.on("address_bans", [&](const json::value& data) {
        seen_by_b = data;
        ++ran_b;
    });
    a_.relay.raise("address_bans", json::object{{"why", "test"}});
    EXPECT_EQ(ran_a, 1);  // before raise returned
    ASSERT_TRUE(eventually([&] { return ran_b == 1; }));
    EXPECT_EQ(seen_by_b.at("why"), "test");
    EXPECT_THROW(a_.relay.on("address_bans", [](const json::value&) {}), std::invalid_argument);
}

TEST_F(LocalPair, MalformedMessagesAreLoggedAndDropped) {
    LogCapture logs;
    const std::vector<std::string> junk{
        "",
        "not json",
        "[1,2]",
        R"({"op":7})",
        R"({"op":"user","event":"x"})",
        R"({"op":"room","to":"r"})",
        R"({"op":"room","to":"r","event":"e","except":5})",
        R"({"op":"signal"})",
        R"({"op":"explode"})",
        "{\"op\":\"all\",\"event\":\"\xff\"}",  // not UTF-8
    };
    for (const auto& body : junk) {
        b_.relay.receive(body);
    }
    EXPECT_TRUE(b_.connections.take().empty());
    EXPECT_EQ(logs.count("dropped a malformed message"), junk.size());
    // A well-formed message still goes through; a missing `data` is null.
    b_.relay.receive(R"({"op":"all","event":"alert"})");
    const auto events = b_.connections.take();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_TRUE(events[0].payload.is_null());
}

TEST(RedisPair, EveryEventReachesEveryNodesConnectionsOnce) {
    Node a(std::make_unique<pubsub::RedisBus>(pubsub::testing::test_redis(), "relay-a"));
    Node b(std::make_unique<pubsub::RedisBus>(pubsub::testing::test_redis(), "relay-b"));
    a.bus->start();
    b.bus->start();
    auto& bus_a = static_cast<pubsub::RedisBus&>(*a.bus);
    auto& bus_b = static_cast<pubsub::RedisBus&>(*b.bus);
    ASSERT_TRUE(eventually([&] { return bus_a.subscribed() && bus_b.subscribed(); }));
    expect_everything_once(a, b);
}

TEST(RedisPair, JunkPublishedOnTheEventChannelNeverCrashesANode) {
    LogCapture logs;
    Node b(std::make_unique<pubsub::RedisBus>(pubsub::testing::test_redis(), "relay-junk"));
    b.bus->start();
    ASSERT_TRUE(eventually([&] { return static_cast<pubsub::RedisBus&>(*b.bus).subscribed(); }));
    pubsub::RedisConnection raw(pubsub::testing::test_redis(), std::chrono::seconds(2));
    raw.connect();
    raw.command({"PUBLISH", ClusterRelay::kChannel, "intruder\n{\"op\":\"all\""});
    raw.command({"PUBLISH", ClusterRelay::kChannel, "no frame"});
    raw.command({"PUBLISH", ClusterRelay::kChannel, R"(intruder
{"op":"all","event":"alert","data":{"text":"ok"}})"});
    ASSERT_TRUE(eventually([&] { return !b.connections.take().empty(); }));
    EXPECT_EQ(logs.count("dropped a malformed message"), 2u);
}

}  // namespace
}  // namespace chatter::cluster
