#include "features/presence/presence_announcer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "core/recording_sink.hpp"

namespace chatter::presence {
namespace {

using chatter::testing::RecordingSink;
namespace json = boost::json;

// A window that never ends during a test: what waits goes out only when a test calls flush().
constexpr PresenceAnnouncer::Options kHeldWindow{.burst = 3, .window = std::chrono::hours(1)};

std::vector<std::string> names(const json::object& payload, const char* key) {
    std::vector<std::string> out;
    if (const auto* list = payload.if_contains(key)) {
        for (const auto& name : list->as_array()) {
            out.emplace_back(name.as_string());
        }
    }
    return out;
}

TEST(PresenceAnnouncer, ChangesWithinTheBurstGoOutAloneAtOnce) {
    RecordingSink sink;
    PresenceAnnouncer announcer(sink, kHeldWindow);
    announcer.changed("ada", true);
    announcer.changed("bob", true);
    announcer.changed("ada", false);
    const auto events = sink.take();
    ASSERT_EQ(events.size(), 3u);
    for (const auto& event : events) {
        EXPECT_EQ(event.target, "all");
        EXPECT_EQ(event.event, "user_list_refresh");
    }
    EXPECT_EQ(events[0].payload.at("online").as_string(), "ada");
    EXPECT_EQ(events[1].payload.at("online").as_string(), "bob");
    EXPECT_EQ(events[2].payload.at("offline").as_string(), "ada");
}

TEST(PresenceAnnouncer, ABurstPastTheBudgetCostsOneMoreEventCarryingAllOfIt) {
    RecordingSink sink;
    PresenceAnnouncer announcer(sink, kHeldWindow);
    std::vector<std::string> users;
    for (int i = 0; i < 100; ++i) {
        users.push_back("user" + std::to_string(i));
        announcer.changed(users.back(), true);
    }
    announcer.changed("user0", false);  // announced online above, offline in the batch
    EXPECT_EQ(sink.take().size(), 3u);  // the burst; the rest waits for the window
    announcer.flush();
    const auto batch = sink.take();
    ASSERT_EQ(batch.size(), 1u);
    const json::object& payload = batch[0].payload.as_object();
    auto online = names(payload, "online");
    std::sort(online.begin(), online.end());
    std::vector<std::string> expected(users.begin() + 3, users.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(online, expected);
    EXPECT_EQ(names(payload, "offline"), (std::vector<std::string>{"user0"}));
    announcer.flush();
    EXPECT_TRUE(sink.take().empty());
}

TEST(PresenceAnnouncer, OnceSomethingWaitsLaterChangesWaitBehindIt) {
    RecordingSink sink;
    PresenceAnnouncer announcer(sink, {.burst = 1, .window = std::chrono::hours(1)});
    announcer.changed("ada", true);
    announcer.changed("bob", true);
    announcer.changed("bob", false);  // the last change of a user wins
    EXPECT_EQ(sink.take().size(), 1u);
    announcer.flush();
    const auto batch = sink.take();
    ASSERT_EQ(batch.size(), 1u);
    // One change waiting goes out in the classic form.
    EXPECT_EQ(batch[0].payload.at("offline").as_string(), "bob");
    // The batch used up the window: the next change waits too.
    announcer.changed("cy", true);
    EXPECT_TRUE(sink.take().empty());
}

TEST(PresenceAnnouncer, TheWindowsTimerSendsWhatWaits) {
    RecordingSink sink;
    PresenceAnnouncer announcer(sink, {.burst = 0, .window = std::chrono::milliseconds(20)});
    announcer.changed("ada", true);
    // No assertion on how soon: only that the timer, not the test, sends it.
    for (int i = 0; i < 500 && sink.targets_of("user_list_refresh").empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const auto events = sink.take();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].payload.at("online").as_string(), "ada");
}

TEST(PresenceAnnouncer, StoppedAnnouncesNothingAndDropsWhatWaits) {
    RecordingSink sink;
    PresenceAnnouncer announcer(sink, {.burst = 1, .window = std::chrono::hours(1)});
    announcer.changed("ada", true);
    announcer.changed("bob", true);
    sink.take();
    announcer.stop();
    announcer.changed("cy", true);
    announcer.flush();
    EXPECT_TRUE(sink.take().empty());
}

}  // namespace
}  // namespace chatter::presence
