#include "socketio/room_members.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

namespace chatter::socketio {
namespace {

std::set<int*> members_of(const RoomMembers<int>& room) {
    std::set<int*> out;
    room.for_each([&](int* member) { EXPECT_TRUE(out.insert(member).second) << "visited twice"; });
    return out;
}

TEST(RoomMembers, OneInlineThenASetAndBack) {
    int a = 0;
    int b = 0;
    RoomMembers<int> room;
    EXPECT_TRUE(room.empty());
    room.insert(&a);
    room.insert(&a);
    EXPECT_EQ(room.size(), 1u);
    EXPECT_EQ(members_of(room), (std::set<int*>{&a}));
    room.insert(&b);
    EXPECT_EQ(members_of(room), (std::set<int*>{&a, &b}));
    room.erase(&a);
    EXPECT_EQ(members_of(room), (std::set<int*>{&b}));
    EXPECT_FALSE(room.contains(&a));
    room.erase(&a);
    EXPECT_EQ(room.size(), 1u);
    room.erase(&b);
    EXPECT_TRUE(room.empty());
    EXPECT_EQ(members_of(room), std::set<int*>{});
}

// Random joins and leaves agree with a std::set model at every step.
TEST(RoomMembers, MatchesASetUnderRandomJoinsAndLeaves) {
    std::vector<int> pool(6);
    std::mt19937 random(7);
    RoomMembers<int> room;
    std::set<int*> model;
    for (int step = 0; step < 5000; ++step) {
        int* member = &pool[random() % pool.size()];
        if (random() % 2 == 0) {
            room.insert(member);
            model.insert(member);
        } else {
            room.erase(member);
            model.erase(member);
        }
        ASSERT_EQ(members_of(room), model) << "step " << step;
        ASSERT_EQ(room.size(), model.size());
        ASSERT_EQ(room.empty(), model.empty());
        for (auto& candidate : pool) {
            ASSERT_EQ(room.contains(&candidate), model.contains(&candidate));
        }
    }
}

}  // namespace
}  // namespace chatter::socketio
