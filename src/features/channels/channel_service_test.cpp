#include <gtest/gtest.h>

#include "core/time.hpp"
#include "features/channels/channel_service.hpp"
#include "features/messages/test_support.hpp"

namespace chatter::channels {
namespace {

using messages::SendRequest;
using messages::testing::code_of;
using messages::testing::make_user;

class ChannelServiceTest : public ::testing::Test {
  protected:
    ChannelServiceTest()
        : settings_(backend_, sink_),
          service_(backend_, settings_, sink_, limiter_),
          admin_(make_user(backend_, "root", "admin")),
          alice_(make_user(backend_, "alice")),
          bob_(make_user(backend_, "bob")) {}

    void set(const std::string& key, const std::string& value) {
        settings_.update(admin_, boost::json::object{{key, value}});
        sink_.take();
    }

    storage::sqlite::testing::ScratchSqliteBackend backend_;
    messages::testing::RecordingSink sink_;
    RateLimiter limiter_;
    settings::SettingsService settings_;
    ChannelService service_;
    Principal admin_, alice_, bob_;
};

TEST_F(ChannelServiceTest, AdminsManageChannelsAndEveryoneHears) {
    ASSERT_EQ(service_.list().size(), 1u);
    EXPECT_EQ(code_of([&] { service_.create(alice_, "random", "", false); }), "forbidden");
    EXPECT_EQ(code_of([&] { service_.create(admin_, "bad name", "", false); }), "invalid_channel_name");
    EXPECT_EQ(code_of([&] { service_.create(admin_, "123", "", false); }), "invalid_channel_name");
    EXPECT_EQ(code_of([&] { service_.create(admin_, "ok", std::string(301, 't'), false); }), "invalid_topic");
    const auto random = service_.create(admin_, "Random", "chat", false);
    EXPECT_EQ(random.name, "random");
    EXPECT_EQ(sink_.targets_of("channel_created"), std::vector<std::string>{"all"});
    EXPECT_EQ(code_of([&] { service_.create(admin_, "random", "", false); }), "channel_exists");

    EXPECT_EQ(code_of([&] { service_.update(bob_, random.id, {.topic = "x"}); }), "forbidden");
    const auto renamed = service_.update(admin_, random.id, {.name = "offtopic", .announcements_only = true});
    EXPECT_EQ(renamed.name, "offtopic");
    EXPECT_TRUE(renamed.announcements_only);
    EXPECT_EQ(code_of([&] { service_.update(admin_, 999, {.topic = "x"}); }), "channel_not_found");

    EXPECT_EQ(code_of([&] { service_.remove(alice_, random.id); }), "forbidden");
    service_.remove(admin_, random.id);
    EXPECT_EQ(sink_.targets_of("channel_deleted"), std::vector<std::string>{"all"});
    EXPECT_EQ(code_of([&] { service_.remove(admin_, random.id); }), "channel_not_found");
    EXPECT_EQ(code_of([&] { service_.remove(admin_, service_.list()[0].id); }), "last_channel");
}

TEST_F(ChannelServiceTest, SendValidatesAndFansOutAfterCommit) {
    const auto sent = service_.send(alice_, "general", SendRequest{.text = "  **hello** <b>x</b>  "});
    EXPECT_EQ(sent.at("text").as_string(), "  **hello** <b>x</b>  ");
    EXPECT_EQ(sent.at("username").as_string(), "alice");
    EXPECT_EQ(sent.at("channel").as_string(), "general");
    EXPECT_EQ(sent.at("edited").as_int64(), 0);
    EXPECT_TRUE(sent.at("reply_to").is_null());
    const auto events = sink_.take();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].event, "new_message");
    EXPECT_EQ(events[0].target, "all");
    EXPECT_EQ(events[0].payload.at("id"), sent.at("id"));
    // Committed before the event: a fresh read sees it.
    EXPECT_EQ(service_.history("general", {.limit = 50}).messages.size(), 1u);

    EXPECT_EQ(code_of([&] { service_.send(alice_, "general", SendRequest{.text = "   "}); }), "invalid_text");
    EXPECT_EQ(
        code_of([&] { service_.send(alice_, "general", SendRequest{.text = std::string(4001, 'a')}); }), "invalid_text"
    );
    EXPECT_NO_THROW(service_.send(alice_, "general", SendRequest{.text = std::string(4000, 'a')}));
    // 4000 two-byte characters are 4000 characters.
    std::string umlauts;
    for (int i = 0; i < 4000; ++i) {
        umlauts += "\xc3\xa4";
    }
    EXPECT_NO_THROW(service_.send(alice_, "general", SendRequest{.text = umlauts}));
    EXPECT_EQ(code_of([&] { service_.send(alice_, "nope", SendRequest{.text = "x"}); }), "channel_not_found");
    EXPECT_EQ(
        code_of([&] { service_.send(alice_, "general", SendRequest{.text = "x", .attachment = "javascript:x"}); }),
        "invalid_attachment"
    );
    EXPECT_EQ(
        code_of([&] { service_.send(alice_, "general", SendRequest{.text = "", .attachment = "//evil.org/x"}); }),
        "invalid_attachment"
    );
    const storage::FileRecord file{
        .id = std::string(32, 'a'),
        .name = "a b.png",
        .size = 3,
        .mime_type = "image/png",
        .owner_id = alice_.id,
        .created_at = unix_now(),
        .expires_at = unix_now() + 60};
    ASSERT_TRUE(backend_.files().insert_within_quota(file, 0, unix_now()));
    const auto with_file = service_.send(alice_, "general", SendRequest{.text = "", .attachment = file.id});
    EXPECT_EQ(with_file.at("attachment").as_string(), std::string{"/files/"}.append(file.id).append("/a%20b.png"));
    EXPECT_EQ(
        code_of([&] { service_.send(bob_, "general", SendRequest{.text = "", .attachment = file.id}); }),
        "invalid_attachment"
    );
}

TEST_F(ChannelServiceTest, RepliesStayInTheirChannel) {
    const auto other = service_.create(admin_, "other", "", false);
    const auto original =
        service_.send(bob_, "general", SendRequest{.text = "first\n\nline   two " + std::string(200, 'z')});
    const int64_t id = original.at("id").as_int64();
    const auto reply = service_.send(alice_, "general", SendRequest{.text = "re", .reply_to = id});
    EXPECT_EQ(reply.at("reply_username").as_string(), "bob");
    const std::string snippet(reply.at("reply_snippet").as_string());
    EXPECT_EQ(snippet.substr(0, 15), "first line two ");
    EXPECT_EQ(snippet.size(), 140u);
    EXPECT_EQ(
        code_of([&] { service_.send(alice_, "other", SendRequest{.text = "x", .reply_to = id}); }), "reply_not_found"
    );
    EXPECT_EQ(
        code_of([&] { service_.send(alice_, std::to_string(other.id), SendRequest{.text = "x", .reply_to = 999}); }),
        "reply_not_found"
    );
}

TEST_F(ChannelServiceTest, TogglesGateSends) {
    set("PUBLIC_ENABLED", "0");
    EXPECT_EQ(code_of([&] { service_.send(alice_, "general", SendRequest{.text = "x"}); }), "public_disabled");
    set("PUBLIC_ENABLED", "1");
    set("MAINTENANCE_MODE", "1");
    EXPECT_EQ(code_of([&] { service_.send(alice_, "general", SendRequest{.text = "x"}); }), "maintenance");
    // Administrators keep posting during maintenance (to tell everyone what is going on).
    EXPECT_NO_THROW(service_.send(admin_, "general", SendRequest{.text = "x"}));
    set("MAINTENANCE_MODE", "0");
    set("ANNOUNCEMENTS_ONLY", "1");
    EXPECT_EQ(code_of([&] { service_.send(alice_, "general", SendRequest{.text = "x"}); }), "announcements_only");
    EXPECT_NO_THROW(service_.send(admin_, "general", SendRequest{.text = "x"}));
    set("ANNOUNCEMENTS_ONLY", "0");
    const auto news = service_.create(admin_, "news", "", true);
    EXPECT_EQ(code_of([&] { service_.send(alice_, "news", SendRequest{.text = "x"}); }), "announcements_only");
    EXPECT_NO_THROW(service_.send(alice_, "general", SendRequest{.text = "x"}));
    EXPECT_TRUE(sink_.take().back().event == "new_message");
    (void)news;
}

TEST_F(ChannelServiceTest, BannedAccountsCannotSend) {
    backend_.users().update_banned(alice_.id, true, std::string("spam"));
    EXPECT_EQ(code_of([&] { service_.send(alice_, "general", SendRequest{.text = "x"}); }), "banned");
    backend_.users().update_banned(alice_.id, false, std::nullopt);
    EXPECT_NO_THROW(service_.send(alice_, "general", SendRequest{.text = "x"}));
}

TEST_F(ChannelServiceTest, SendRateLimitPerUser) {
    set("SEND_RATE_MAX", "3");
    for (int i = 0; i < 3; ++i) {
        service_.send(alice_, "general", SendRequest{.text = "m"});
    }
    try {
        service_.send(alice_, "general", SendRequest{.text = "m"});
        FAIL() << "expected rate_limited";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), "rate_limited");
        ASSERT_TRUE(error.retry_after_s.has_value());
        EXPECT_GT(*error.retry_after_s, 0);
    }
    EXPECT_NO_THROW(service_.send(bob_, "general", SendRequest{.text = "m"}));
}

TEST_F(ChannelServiceTest, EditAndDeletePermissions) {
    const int64_t id = service_.send(alice_, "general", SendRequest{.text = "mine"}).at("id").as_int64();
    sink_.take();
    EXPECT_EQ(code_of([&] { service_.edit(bob_, id, "hijack"); }), "forbidden");
    EXPECT_EQ(code_of([&] { service_.edit(alice_, id, ""); }), "invalid_text");
    EXPECT_EQ(code_of([&] { service_.edit(alice_, 999, "x"); }), "message_not_found");
    const auto edited = service_.edit(alice_, id, "changed");
    EXPECT_EQ(edited.at("text").as_string(), "changed");
    EXPECT_EQ(edited.at("edited").as_int64(), 1);
    auto events = sink_.take();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].event, "message_edited");
    EXPECT_EQ(events[0].payload.at("edited_by").as_string(), "alice");
    EXPECT_NO_THROW(service_.edit(admin_, id, "moderated"));
    set("MC_EDIT_MESSAGES", "0");
    EXPECT_EQ(code_of([&] { service_.edit(admin_, id, "again"); }), "forbidden");

    EXPECT_EQ(code_of([&] { service_.remove_message(bob_, id); }), "forbidden");
    set("MC_DELETE_MESSAGES", "0");
    EXPECT_EQ(code_of([&] { service_.remove_message(admin_, id); }), "forbidden");
    set("MC_DELETE_MESSAGES", "1");
    service_.remove_message(admin_, id);
    events = sink_.take();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].event, "message_deleted");
    EXPECT_EQ(events[0].payload.at("deleted_by").as_string(), "root");
    EXPECT_EQ(code_of([&] { service_.remove_message(alice_, id); }), "message_not_found");
}

TEST_F(ChannelServiceTest, HistoryPages) {
    std::vector<int64_t> ids;
    for (int i = 0; i < 7; ++i) {
        ids.push_back(service_.send(alice_, "general", SendRequest{.text = std::to_string(i)}).at("id").as_int64());
    }
    const auto page = service_.history("general", messages::page_from(std::nullopt, std::string("3")));
    ASSERT_EQ(page.messages.size(), 3u);
    EXPECT_EQ(page.messages.front().id, ids[4]);
    EXPECT_EQ(page.messages.back().id, ids[6]);
    const auto older = service_.history("GENERAL", messages::page_from(std::to_string(ids[4]), std::nullopt));
    EXPECT_EQ(older.messages.size(), 4u);
    EXPECT_EQ(messages::page_from(std::nullopt, std::string("1000")).limit, 100);
    EXPECT_EQ(code_of([] { messages::page_from(std::string("x"), std::nullopt); }), "invalid_field");
    EXPECT_EQ(code_of([] { messages::page_from(std::nullopt, std::string("0")); }), "invalid_field");
}

}  // namespace
}  // namespace chatter::channels
