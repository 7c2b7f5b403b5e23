#include <gtest/gtest.h>

#include "features/dm/dm_service.hpp"
#include "features/messages/test_support.hpp"

namespace chatter::dm {
namespace {

using messages::SendRequest;
using messages::testing::code_of;
using messages::testing::make_user;

class DmServiceTest : public ::testing::Test {
  protected:
    DmServiceTest()
        : settings_(backend_, sink_),
          service_(backend_, settings_, sink_, limiter_),
          admin_(make_user(backend_, "root", "admin")),
          alice_(make_user(backend_, "alice")),
          bob_(make_user(backend_, "bob")),
          carol_(make_user(backend_, "carol")) {}

    void set(const std::string& key, const std::string& value) {
        settings_.update(admin_, boost::json::object{{key, value}});
        sink_.take();
    }

    storage::sqlite::testing::ScratchSqliteBackend backend_;
    messages::testing::RecordingSink sink_;
    RateLimiter limiter_;
    settings::SettingsService settings_;
    DmService service_;
    Principal admin_, alice_, bob_, carol_;
};

TEST_F(DmServiceTest, SendDeliversToBothAfterCommit) {
    const auto sent = service_.send(alice_, "BOB", SendRequest{.text = "hello"});
    EXPECT_EQ(sent.at("from_user").as_string(), "alice");
    EXPECT_EQ(sent.at("to_user").as_string(), "bob");
    EXPECT_EQ(sink_.targets_of("dm_new"), (std::vector<std::string>{"user:bob", "user:alice"}));
    const auto history = service_.history(bob_, "alice", {.limit = 50});
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].text, "hello");
    EXPECT_EQ(service_.peers(alice_), std::vector<std::string>{"bob"});
    EXPECT_TRUE(service_.history(carol_, "alice", {.limit = 50}).empty());
}

TEST_F(DmServiceTest, RecipientRules) {
    EXPECT_EQ(code_of([&] { service_.send(alice_, "nobody_here", SendRequest{.text = "x"}); }), "user_not_found");
    EXPECT_EQ(code_of([&] { service_.send(alice_, "alice", SendRequest{.text = "x"}); }), "dm_self");
    EXPECT_EQ(code_of([&] { service_.send(alice_, "bob", SendRequest{.text = ""}); }), "invalid_text");
    service_.set_allow_dms(bob_, "nobody");
    EXPECT_EQ(service_.allow_dms(bob_), "nobody");
    EXPECT_EQ(code_of([&] { service_.send(alice_, "bob", SendRequest{.text = "x"}); }), "dms_not_accepted");
    EXPECT_EQ(code_of([&] { service_.typing(alice_, "bob", true); }), "dms_not_accepted");
    EXPECT_EQ(code_of([&] { service_.set_allow_dms(bob_, "friends"); }), "invalid_field");
    service_.set_allow_dms(bob_, "everyone");
    EXPECT_NO_THROW(service_.send(alice_, "bob", SendRequest{.text = "x"}));
    set("DM_ENABLED", "0");
    EXPECT_EQ(code_of([&] { service_.send(alice_, "bob", SendRequest{.text = "x"}); }), "dm_disabled");
    set("DM_ENABLED", "1");
    set("MAINTENANCE_MODE", "1");
    EXPECT_EQ(code_of([&] { service_.send(alice_, "bob", SendRequest{.text = "x"}); }), "maintenance");
}

TEST_F(DmServiceTest, RepliesOnlyWithinThePair) {
    const int64_t ab = service_.send(alice_, "bob", SendRequest{.text = "secret"}).at("id").as_int64();
    EXPECT_EQ(
        code_of([&] { service_.send(carol_, "alice", SendRequest{.text = "x", .reply_to = ab}); }), "reply_not_found"
    );
    const auto reply = service_.send(bob_, "alice", SendRequest{.text = "re", .reply_to = ab});
    EXPECT_EQ(reply.at("reply_snippet").as_string(), "secret");
}

TEST_F(DmServiceTest, EditAndDeleteByAuthorOnly) {
    const int64_t id = service_.send(alice_, "bob", SendRequest{.text = "v1"}).at("id").as_int64();
    sink_.take();
    EXPECT_EQ(code_of([&] { service_.edit(bob_, id, "x"); }), "forbidden");
    EXPECT_EQ(code_of([&] { service_.edit(admin_, id, "x"); }), "message_not_found");
    EXPECT_EQ(code_of([&] { service_.remove(carol_, id); }), "message_not_found");
    EXPECT_EQ(service_.edit(alice_, id, "v2").at("edited").as_int64(), 1);
    EXPECT_EQ(sink_.targets_of("dm_edit"), (std::vector<std::string>{"user:bob", "user:alice"}));
    EXPECT_EQ(code_of([&] { service_.remove(bob_, id); }), "forbidden");
    service_.remove(alice_, id);
    EXPECT_EQ(sink_.targets_of("dm_delete"), (std::vector<std::string>{"user:bob", "user:alice"}));
    EXPECT_EQ(code_of([&] { service_.remove(alice_, id); }), "message_not_found");
}

TEST_F(DmServiceTest, TypingGoesToTheRecipientOnly) {
    service_.typing(alice_, "bob", true);
    const auto events = sink_.take();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].target, "user:bob");
    EXPECT_EQ(events[0].payload.at("from").as_string(), "alice");
    EXPECT_EQ(events[0].payload.at("to").as_string(), "bob");
}

TEST_F(DmServiceTest, LogsFollowTheSettingAndAreAudited) {
    service_.send(alice_, "bob", SendRequest{.text = "logged"});
    set("GD_SAVE_DM_LOGS", "0");
    service_.send(alice_, "bob", SendRequest{.text = "not logged"});
    EXPECT_EQ(code_of([&] { service_.logs(admin_, "alice", {.limit = 50}); }), "dm_logs_disabled");
    set("GD_SAVE_DM_LOGS", "1");
    EXPECT_EQ(code_of([&] { service_.logs(alice_, "alice", {.limit = 50}); }), "forbidden");
    EXPECT_EQ(code_of([&] { service_.logs(admin_, "ghost", {.limit = 50}); }), "user_not_found");
    const auto logs = service_.logs(admin_, "bob", {.limit = 50});
    ASSERT_EQ(logs.size(), 1u);
    EXPECT_EQ(logs[0].text, "logged");
    const auto audit = backend_.audit().fetch_page(std::nullopt, 1);
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].action, "dm_logs.read");
    EXPECT_EQ(audit[0].target, "bob");
    EXPECT_EQ(audit[0].actor, "root");
}

}  // namespace
}  // namespace chatter::dm
