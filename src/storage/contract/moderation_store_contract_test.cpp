#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/contract/backend_contract.hpp"

namespace chatter::storage::contract {
namespace {

TEST_P(ModerationStoreContract, AddressBansAreUniqueAndRemovable) {
    const auto ban = backend().moderation().insert_address_ban("203.0.113.0/24", "spam", "root");
    EXPECT_GT(ban.id, 0);
    EXPECT_EQ(ban.network, "203.0.113.0/24");
    try {
        backend().moderation().insert_address_ban("203.0.113.0/24", "again", "root");
        ADD_FAILURE() << "duplicate ban stored";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), "address_already_banned");
    }
    backend().moderation().insert_address_ban("2001:db8::/32", "", "root");
    const auto bans = backend().moderation().address_bans();
    ASSERT_EQ(bans.size(), 2u);
    EXPECT_EQ(bans[0].network, "2001:db8::/32");
    EXPECT_EQ(bans[1].reason, "spam");
    EXPECT_TRUE(backend().moderation().remove_address_ban("203.0.113.0/24"));
    EXPECT_FALSE(backend().moderation().remove_address_ban("203.0.113.0/24"));
    EXPECT_EQ(backend().moderation().address_bans().size(), 1u);
}

TEST_P(ModerationStoreContract, TimeoutsEndAtTheirTimeAndCanBeReplaced) {
    const auto alice = add_user("alice");
    const int64_t now = unix_now();
    EXPECT_FALSE(backend().moderation().active_timeout(alice.id, now).has_value());
    backend().moderation().set_timeout(alice.id, now + 60, "calm down", "root");
    auto timeout = backend().moderation().active_timeout(alice.id, now);
    ASSERT_TRUE(timeout.has_value());
    EXPECT_EQ(timeout->until, now + 60);
    EXPECT_EQ(timeout->username, "alice");
    EXPECT_EQ(timeout->reason, "calm down");
    EXPECT_FALSE(backend().moderation().active_timeout(alice.id, now + 60).has_value());

    backend().moderation().set_timeout(alice.id, now + 600, "", "root2");
    EXPECT_EQ(backend().moderation().active_timeout(alice.id, now)->until, now + 600);
    EXPECT_FALSE(backend().moderation().remove_timeout(alice.id, now + 601));
    EXPECT_TRUE(backend().moderation().remove_timeout(alice.id, now));
    EXPECT_FALSE(backend().moderation().active_timeout(alice.id, now).has_value());
}

TEST_P(ModerationStoreContract, AlertsExpire) {
    const int64_t now = unix_now();
    const auto forever = backend().alerts().insert("hello", "info", "root", std::nullopt);
    const auto brief = backend().alerts().insert("soon gone", "critical", "root", now + 10);
    auto active = backend().alerts().active(now);
    ASSERT_EQ(active.size(), 2u);
    EXPECT_EQ(active[0].id, brief.id);
    EXPECT_EQ(active[0].expires_at, std::optional<int64_t>(now + 10));
    active = backend().alerts().active(now + 10);
    ASSERT_EQ(active.size(), 1u);
    EXPECT_EQ(active[0].id, forever.id);
    EXPECT_TRUE(backend().alerts().remove(forever.id));
    EXPECT_FALSE(backend().alerts().remove(forever.id));
}

TEST_P(ModerationStoreContract, ReportsResolveOnce) {
    ReportRecord report;
    report.reporter = "bob";
    report.kind = "message";
    report.message_kind = "dm";
    report.message_id = 7;
    report.target = "alice";
    report.excerpt = "rude";
    report.reason = "insult";
    const auto stored = backend().reports().insert(report);
    EXPECT_EQ(stored.status, "open");
    ReportRecord user_report;
    user_report.reporter = "carol";
    user_report.kind = "user";
    user_report.target = "alice";
    user_report.reason = "spam";
    backend().reports().insert(user_report);

    EXPECT_EQ(backend().reports().list("open", 10).size(), 2u);
    EXPECT_TRUE(backend().reports().resolve(stored.id, "root", "warned"));
    EXPECT_FALSE(backend().reports().resolve(stored.id, "other", "again"));
    EXPECT_FALSE(backend().reports().resolve(9999, "root", ""));
    const auto resolved = backend().reports().list("resolved", 10);
    ASSERT_EQ(resolved.size(), 1u);
    EXPECT_EQ(resolved[0].resolved_by, std::optional<std::string>("root"));
    EXPECT_EQ(resolved[0].note, std::optional<std::string>("warned"));
    EXPECT_EQ(resolved[0].message_id, std::optional<int64_t>(7));
    EXPECT_EQ(backend().reports().fetch(stored.id)->status, "resolved");
    EXPECT_FALSE(backend().reports().fetch(9999).has_value());
}

TEST_P(ModerationStoreContract, AdminQueriesPageUsersAndCountMessagesPerDay) {
    const auto alice = add_user("alice");
    add_user("Alfred");
    const auto bob = add_user("bob");
    backend().users().update_role(bob.id, "admin");
    EXPECT_EQ(backend().admin_queries().users_matching(""), 3);
    EXPECT_EQ(backend().admin_queries().users_matching("AL"), 2);
    const auto page = backend().admin_queries().users_page("al", 1, 1);
    ASSERT_EQ(page.size(), 1u);
    EXPECT_EQ(page[0].username, "alice");
    EXPECT_EQ(backend().admin_queries().staff_usernames(), std::vector<std::string>{"bob"});

    const auto general = backend().channels().fetch_by_name("general");
    ASSERT_TRUE(general.has_value());
    backend().channels().insert_message(NewMessage{.conversation_id = general->id, .user_id = alice.id, .text = "a"});
    backend().dms().insert(NewMessage{.user_id = alice.id, .to_user_id = bob.id, .text = "b"}, false);
    const int64_t now = unix_now();
    const auto days = backend().admin_queries().messages_per_day(now, 14);
    ASSERT_EQ(days.size(), 14u);
    EXPECT_EQ(days.back().count, 2);
    EXPECT_EQ(days.front().count, 0);
    EXPECT_EQ(days.back().day, format_iso(now).substr(0, 10));
}

}  // namespace
}  // namespace chatter::storage::contract
