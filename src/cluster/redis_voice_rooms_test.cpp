// Voice rooms shared by nodes: two RedisVoiceRooms with different node ids on a Redis of the
// test's own.

#include "cluster/redis_voice_rooms.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "pubsub/test_support.hpp"

namespace chatter::cluster {
namespace {

using voice::JoinOutcome;
using voice::JoinRequest;
using voice::Participant;

JoinRequest request(const std::string& channel, const std::string& id, const std::string& username) {
    return JoinRequest{
        .channel = channel,
        .members = std::nullopt,
        .participant = Participant{.id = id, .username = username},
        .may_start = true,
        .max_participants = 3,
    };
}

std::vector<std::string> ids(const std::vector<Participant>& participants) {
    std::vector<std::string> out;
    for (const auto& p : participants) {
        out.push_back(p.id);
    }
    return out;
}

class VoiceOnTwoNodes : public ::testing::Test {
  protected:
    VoiceOnTwoNodes() : redis_(server_.address(), "test"), a_(redis_, "a"), b_(redis_, "b") {}

    pubsub::testing::PrivateRedis server_;
    pubsub::RedisClient redis_;
    RedisVoiceRooms a_;
    RedisVoiceRooms b_;
};

TEST_F(VoiceOnTwoNodes, ParticipantsOfBothNodesShareARoomInJoinOrder) {
    const auto first = a_.join(request("general", "s1", "ada"));
    EXPECT_EQ(first.result, JoinOutcome::Result::kJoined);
    EXPECT_TRUE(first.started);
    const auto second = b_.join(request("general", "s2", "bob"));
    EXPECT_FALSE(second.started);
    EXPECT_EQ(ids(second.room.participants), (std::vector<std::string>{"s1", "s2"}));
    EXPECT_FALSE(second.room.members);
    EXPECT_EQ(ids(a_.participants("general")), (std::vector<std::string>{"s1", "s2"}));
    // Joining the room one is in changes nothing.
    EXPECT_EQ(b_.join(request("general", "s2", "bob")).result, JoinOutcome::Result::kAlreadyIn);
    b_.join(request("general", "s3", "cy"));
    EXPECT_EQ(a_.join(request("general", "s4", "dee")).result, JoinOutcome::Result::kFull);
    EXPECT_EQ(ids(b_.participants("general")), (std::vector<std::string>{"s1", "s2", "s3"}));
}

TEST_F(VoiceOnTwoNodes, MovingLeavingAndMutingReportTheRoomsState) {
    a_.join(request("general", "s1", "ada"));
    b_.join(request("general", "s2", "bob"));
    const auto moved = a_.join(request("music", "s1", "ada"));
    ASSERT_TRUE(moved.left);
    EXPECT_EQ(moved.left->channel, "general");
    EXPECT_EQ(ids(moved.left->participants), std::vector<std::string>{"s2"});
    const auto muted = b_.set_muted("s1", true);
    ASSERT_TRUE(muted);
    EXPECT_EQ(muted->channel, "music");
    EXPECT_TRUE(muted->participants.at(0).muted);
    EXPECT_FALSE(a_.set_muted("nobody", true));
    const auto left = b_.leave("s1");  // any node may end any connection's participation
    ASSERT_TRUE(left);
    EXPECT_TRUE(left->participants.empty());
    EXPECT_FALSE(a_.leave("s1"));
    EXPECT_TRUE(a_.participants("music").empty());
}

TEST_F(VoiceOnTwoNodes, CallsKeepTheirMembersAndMayBeClosedToStarting) {
    auto call = request("gdm:4", "s1", "ada");
    call.members = std::vector<std::string>{"ada", "bob"};
    call.may_start = false;
    EXPECT_EQ(a_.join(call).result, JoinOutcome::Result::kMayNotStart);
    call.may_start = true;
    const auto started = a_.join(call);
    EXPECT_EQ(started.room.members, (std::vector<std::string>{"ada", "bob"}));
    auto answer = request("gdm:4", "s2", "bob");
    answer.members = call.members;
    answer.may_start = false;  // joining a running call is allowed
    EXPECT_EQ(b_.join(answer).result, JoinOutcome::Result::kJoined);
    const auto dropped = b_.drop_user("gdm:4", "bob");
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].members, (std::vector<std::string>{"ada", "bob"}));  // bob's tabs are told
    EXPECT_EQ(ids(dropped[0].participants), std::vector<std::string>{"s1"});
    const auto cleared = a_.clear("gdm:4");
    ASSERT_TRUE(cleared);
    EXPECT_EQ(cleared->members, std::vector<std::string>{"ada"});
    EXPECT_TRUE(cleared->participants.empty());
    EXPECT_FALSE(a_.clear("gdm:4"));
}

TEST_F(VoiceOnTwoNodes, ANodeThatIsGoneTakesItsParticipantsOut) {
    a_.join(request("general", "s1", "ada"));
    b_.join(request("general", "s2", "bob"));
    b_.join(request("music", "s3", "bob"));
    std::vector<voice::RoomState> reported;
    a_.on_external_change([&](const voice::RoomState& room) { reported.push_back(room); });
    a_.purge_node("b");
    ASSERT_EQ(reported.size(), 2u);
    EXPECT_EQ(ids(a_.participants("general")), std::vector<std::string>{"s1"});
    EXPECT_TRUE(a_.participants("music").empty());
    reported.clear();
    a_.purge_node("b");
    EXPECT_TRUE(reported.empty());
}

TEST(RedisVoiceRoomsAway, JoiningFailsClearlyAndLeavesAreKeptForLater) {
    pubsub::RedisAddress nowhere;
    nowhere.port = 1;
    pubsub::RedisClient redis(nowhere, "test");
    RedisVoiceRooms rooms(redis, "a");
    try {
        rooms.join(request("general", "s1", "ada"));
        FAIL() << "joined without Redis";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), "voice_unavailable");
    }
    EXPECT_FALSE(rooms.leave("s1"));
}

TEST(ParseRoom, ToleratesWhatCjsonWritesAndWhatItShouldNot) {
    const auto empty_call = parse_room("gdm:1", R"({"members":{},"participants":{}})");
    ASSERT_TRUE(empty_call.members);
    EXPECT_TRUE(empty_call.members->empty());
    EXPECT_TRUE(empty_call.participants.empty());
    const auto named = parse_room("general", R"({"participants":[{"id":"s1","username":"ada","muted":true},{"x":1}]})");
    EXPECT_FALSE(named.members);
    ASSERT_EQ(named.participants.size(), 1u);
    EXPECT_TRUE(named.participants[0].muted);
    EXPECT_TRUE(parse_room("general", "garbage").participants.empty());
}

}  // namespace
}  // namespace chatter::cluster
