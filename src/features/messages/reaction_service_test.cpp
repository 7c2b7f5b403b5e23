#include <gtest/gtest.h>

#include "features/dm/dm_service.hpp"
#include "features/messages/reaction_service.hpp"
#include "features/messages/test_support.hpp"

namespace chatter::messages {
namespace {

using testing::code_of;
using testing::make_user;

class ReactionServiceTest : public ::testing::Test {
  protected:
    ReactionServiceTest()
        : settings_(backend_, sink_),
          gdm_(backend_, settings_, sink_, limiter_),
          dms_(backend_, settings_, sink_, limiter_),
          service_(backend_, gdm_, sink_),
          alice_(make_user(backend_, "alice")),
          bob_(make_user(backend_, "bob")),
          carol_(make_user(backend_, "carol")) {}

    storage::sqlite::testing::ScratchSqliteBackend backend_;
    testing::RecordingSink sink_;
    RateLimiter limiter_;
    settings::SettingsService settings_;
    gdm::GdmService gdm_;
    dm::DmService dms_;
    ReactionService service_;
    Principal alice_, bob_, carol_;
};

TEST_F(ReactionServiceTest, ReactionsFollowVisibility) {
    const int64_t dm = dms_.send(alice_, "bob", SendRequest{.text = "psst"}).at("id").as_int64();
    const auto thread = gdm_.create(alice_, std::string("T"), {"bob"});
    const int64_t g = gdm_.send(bob_, thread.id, SendRequest{.text = "hi"}).at("id").as_int64();
    sink_.take();

    EXPECT_EQ(code_of([&] { service_.react(carol_, "dm", dm, "👍", true); }), "message_not_found");
    EXPECT_EQ(code_of([&] { service_.react(carol_, "gdm", g, "👍", true); }), "message_not_found");
    EXPECT_EQ(code_of([&] { service_.react(alice_, "public", 999, "👍", true); }), "message_not_found");
    EXPECT_EQ(code_of([&] { service_.react(alice_, "email", dm, "👍", true); }), "invalid_field");
    EXPECT_EQ(code_of([&] { service_.react(alice_, "dm", dm, "<b>", true); }), "invalid_field");
    EXPECT_EQ(code_of([&] { service_.react(alice_, "dm", dm, "", true); }), "invalid_field");

    const auto after = service_.react(bob_, "dm", dm, "👍", true);
    EXPECT_EQ(after.at("👍"), std::vector<std::string>{"bob"});
    EXPECT_EQ(sink_.targets_of("reaction_update"), (std::vector<std::string>{"user:alice", "user:bob"}));
    sink_.take();
    service_.react(alice_, "gdm", g, "🎉", true);
    EXPECT_EQ(sink_.targets_of("reaction_update"), (std::vector<std::string>{"user:alice", "user:bob"}));
    EXPECT_TRUE(service_.react(bob_, "dm", dm, "👍", false).empty());
    EXPECT_EQ(code_of([&] { service_.list(carol_, "dm", dm); }), "message_not_found");
}

TEST_F(ReactionServiceTest, SearchValidatesAndSeesOnlyOwnConversations) {
    dms_.send(alice_, "bob", SendRequest{.text = "the launch code"});
    EXPECT_EQ(service_.search(bob_, "launch", 50).size(), 1u);
    EXPECT_TRUE(service_.search(carol_, "launch", 50).empty());
    EXPECT_EQ(code_of([&] { service_.search(alice_, "   ", 50); }), "invalid_field");
    EXPECT_EQ(code_of([&] { service_.search(alice_, std::string(201, 'a'), 50); }), "invalid_field");
}

}  // namespace
}  // namespace chatter::messages
