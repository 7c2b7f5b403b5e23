#include "features/presence/presence_service.hpp"

#include <gtest/gtest.h>

#include "features/messages/test_support.hpp"

namespace chatter::presence {
namespace {

using messages::testing::RecordingSink;

TEST(PresenceService, OnlineUntilTheLastTabClosesAnnouncedOnce) {
    RecordingSink sink;
    PresenceService presence(sink);
    presence.connected("ada");
    presence.connected("ada");
    presence.disconnected("ada");
    EXPECT_TRUE(presence.is_online("ada"));
    presence.disconnected("ada");
    EXPECT_FALSE(presence.is_online("ada"));
    presence.disconnected("ada");  // an unknown connection changes nothing
    const auto events = sink.take();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].payload.at("online").as_string(), "ada");
    EXPECT_EQ(events[1].payload.at("offline").as_string(), "ada");
}

TEST(PresenceService, StoppingKeepsCountingButAnnouncesNothing) {
    RecordingSink sink;
    PresenceService presence(sink);
    presence.connected("ada");
    presence.connected("bob");
    sink.take();
    presence.stop_announcing();
    presence.disconnected("ada");
    presence.connected("cy");
    EXPECT_FALSE(presence.is_online("ada"));
    EXPECT_EQ(presence.online_users(), (std::vector<std::string>{"bob", "cy"}));
    EXPECT_TRUE(sink.take().empty());
}

}  // namespace
}  // namespace chatter::presence
