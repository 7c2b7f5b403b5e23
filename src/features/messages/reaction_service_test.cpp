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
          service_(backend_, settings_, gdm_, sink_),
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

TEST_F(ReactionServiceTest, PinPermissionsPerKind) {
    const auto admin = make_user(backend_, "root", "admin");
    const int64_t general = backend_.channels().fetch_by_name("general")->id;
    const int64_t pub =
        backend_.channels()
            .insert_message(storage::NewMessage{.conversation_id = general, .user_id = alice_.id, .text = "p"})
            .id;
    const int64_t dm = dms_.send(alice_, "bob", SendRequest{.text = "d"}).at("id").as_int64();
    const auto thread = gdm_.create(alice_, std::string("T"), {"bob"});
    const int64_t g = gdm_.send(bob_, thread.id, SendRequest{.text = "g"}).at("id").as_int64();
    sink_.take();

    EXPECT_EQ(code_of([&] { service_.pin(alice_, "public", pub, true); }), "forbidden");
    service_.pin(admin, "public", pub, true);
    EXPECT_EQ(sink_.targets_of("pin_update"), std::vector<std::string>{"all"});
    EXPECT_EQ(service_.pins(carol_, "public", "general").size(), 1u);
    settings_.update(admin, boost::json::object{{"MC_PIN_MESSAGE", 0}});
    EXPECT_EQ(code_of([&] { service_.pin(admin, "public", pub, false); }), "feature_disabled");

    EXPECT_EQ(code_of([&] { service_.pin(carol_, "dm", dm, true); }), "message_not_found");
    service_.pin(bob_, "dm", dm, true);
    EXPECT_EQ(service_.pins(alice_, "dm", "bob").size(), 1u);
    EXPECT_TRUE(service_.pins(carol_, "dm", "bob").empty());

    EXPECT_EQ(code_of([&] { service_.pin(bob_, "gdm", g, true); }), "forbidden");
    service_.pin(alice_, "gdm", g, true);
    const auto pinned = service_.pins(bob_, "gdm", std::to_string(thread.id));
    ASSERT_EQ(pinned.size(), 1u);
    EXPECT_EQ(pinned[0].at("pinned_by").as_string(), "alice");
    EXPECT_EQ(code_of([&] { service_.pins(carol_, "gdm", std::to_string(thread.id)); }), "thread_not_found");
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
