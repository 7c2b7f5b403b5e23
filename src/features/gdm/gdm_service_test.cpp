#include <gtest/gtest.h>

#include "core/time.hpp"
#include "features/gdm/gdm_service.hpp"
#include "features/invites/invite_service.hpp"
#include "features/messages/test_support.hpp"

namespace chatter::gdm {
namespace {

using messages::SendRequest;
using messages::testing::code_of;
using messages::testing::make_user;

class GdmServiceTest : public ::testing::Test {
  protected:
    GdmServiceTest()
        : settings_(backend_, sink_),
          service_(backend_, settings_, sink_, limiter_),
          invites_(backend_, settings_, service_),
          admin_(make_user(backend_, "root", "admin")),
          alice_(make_user(backend_, "alice")),
          bob_(make_user(backend_, "bob")),
          carol_(make_user(backend_, "carol")),
          dave_(make_user(backend_, "dave")) {}

    void set(const std::string& key, const std::string& value) {
        settings_.update(admin_, boost::json::object{{key, value}});
        sink_.take();
    }

    int64_t team() {
        const auto thread = service_.create(alice_, std::string("Team"), {"bob", "carol"});
        sink_.take();
        return thread.id;
    }

    storage::sqlite::testing::ScratchSqliteBackend backend_;
    messages::testing::RecordingSink sink_;
    RateLimiter limiter_;
    settings::SettingsService settings_;
    GdmService service_;
    invites::InviteService invites_;
    Principal admin_, alice_, bob_, carol_, dave_;
};

TEST_F(GdmServiceTest, CreateValidatesMembersAndNames) {
    EXPECT_EQ(code_of([&] { service_.create(alice_, std::nullopt, {}); }), "not_enough_members");
    EXPECT_EQ(code_of([&] { service_.create(alice_, std::nullopt, {"alice"}); }), "not_enough_members");
    EXPECT_EQ(code_of([&] { service_.create(alice_, std::nullopt, {"ghost"}); }), "user_not_found");
    EXPECT_EQ(code_of([&] { service_.create(alice_, std::string(101, 'n'), {"bob"}); }), "invalid_name");
    EXPECT_EQ(code_of([&] { service_.create(alice_, std::string("a\x01"), {"bob"}); }), "invalid_name");
    const auto thread = service_.create(alice_, std::nullopt, {"BOB", "bob"});
    EXPECT_EQ(thread.name, "Group with bob");
    EXPECT_EQ(thread.owner, "alice");
    EXPECT_EQ(thread.members, (std::vector<std::string>{"alice", "bob"}));
    EXPECT_EQ(sink_.targets_of("gdm_threads_refresh"), (std::vector<std::string>{"user:alice", "user:bob"}));
    set("GDM_ENABLED", "0");
    EXPECT_EQ(code_of([&] { service_.create(alice_, std::nullopt, {"bob"}); }), "gdm_disabled");
}

TEST_F(GdmServiceTest, MembersOnlySeeAndSend) {
    const int64_t tid = team();
    EXPECT_EQ(code_of([&] { service_.history(dave_, tid, {.limit = 50}); }), "thread_not_found");
    EXPECT_EQ(code_of([&] { service_.send(dave_, tid, SendRequest{.text = "x"}); }), "thread_not_found");
    EXPECT_EQ(code_of([&] { service_.typing(dave_, tid, true); }), "thread_not_found");
    EXPECT_EQ(code_of([&] { service_.history(admin_, tid, {.limit = 50}); }), "thread_not_found");
    EXPECT_NO_THROW(service_.visible_thread(admin_, tid, true));

    const auto sent = service_.send(bob_, tid, SendRequest{.text = "hi team"});
    EXPECT_EQ(sent.at("thread_id").as_int64(), tid);
    EXPECT_EQ(sink_.targets_of("gdm_new"), (std::vector<std::string>{"user:alice", "user:bob", "user:carol"}));
    sink_.take();
    service_.typing(bob_, tid, true);
    EXPECT_EQ(sink_.targets_of("gdm_typing"), (std::vector<std::string>{"user:alice", "user:carol"}));
    EXPECT_EQ(service_.history(carol_, tid, {.limit = 50}).size(), 1u);

    // New members see the history.
    service_.add_members(alice_, tid, {"dave"});
    EXPECT_EQ(service_.history(dave_, tid, {.limit = 50}).size(), 1u);
    EXPECT_EQ(code_of([&] { service_.send(bob_, tid, SendRequest{.text = "x", .reply_to = 999}); }), "reply_not_found");
    set("GDM_ENABLED", "0");
    EXPECT_EQ(code_of([&] { service_.send(bob_, tid, SendRequest{.text = "x"}); }), "gdm_disabled");
}

TEST_F(GdmServiceTest, OwnerPowersAndToggles) {
    const int64_t tid = team();
    EXPECT_EQ(code_of([&] { service_.rename(bob_, tid, "Mine"); }), "forbidden");
    EXPECT_EQ(service_.rename(alice_, tid, "  New name ").name, "New name");
    EXPECT_EQ(code_of([&] { service_.add_members(bob_, tid, {"dave"}); }), "forbidden");
    EXPECT_EQ(code_of([&] { service_.add_members(alice_, tid, {"ghost"}); }), "user_not_found");
    EXPECT_EQ(service_.add_members(alice_, tid, {"dave"}), std::vector<std::string>{"dave"});

    EXPECT_EQ(code_of([&] { service_.remove_member(bob_, tid, "dave"); }), "forbidden");
    EXPECT_EQ(code_of([&] { service_.remove_member(alice_, tid, "alice"); }), "owner_cannot_be_removed");
    set("GD_REMOVE_USER", "0");
    EXPECT_EQ(code_of([&] { service_.remove_member(alice_, tid, "dave"); }), "feature_disabled");
    set("GD_REMOVE_USER", "1");
    sink_.take();
    service_.remove_member(admin_, tid, "dave");
    const auto events = sink_.take();
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events[0].target, "user:dave");
    EXPECT_TRUE(events[0].payload.at("removed").as_bool());

    EXPECT_EQ(code_of([&] { service_.kick(bob_, tid, "carol"); }), "forbidden");
    set("GD_FORCE_LEAVE_GROUP", "0");
    EXPECT_EQ(code_of([&] { service_.kick(alice_, tid, "carol"); }), "feature_disabled");
    set("GD_FORCE_LEAVE_GROUP", "1");
    service_.kick(alice_, tid, "carol");
    EXPECT_TRUE(backend_.gdms().is_banned(tid, carol_.id));

    EXPECT_EQ(code_of([&] { service_.transfer(bob_, tid, "bob"); }), "forbidden");
    EXPECT_EQ(code_of([&] { service_.transfer(alice_, tid, "dave"); }), "not_a_member");
    set("GD_TRANSFER_OWNERSHIP", "0");
    EXPECT_EQ(code_of([&] { service_.transfer(alice_, tid, "bob"); }), "feature_disabled");
    set("GD_TRANSFER_OWNERSHIP", "1");
    EXPECT_EQ(service_.transfer(alice_, tid, "bob").owner, "bob");
    EXPECT_EQ(code_of([&] { service_.rename(alice_, tid, "x"); }), "forbidden");
    EXPECT_EQ(code_of([&] { service_.leave(bob_, tid); }), "owner_must_transfer");
    service_.leave(alice_, tid);
    EXPECT_EQ(code_of([&] { service_.history(alice_, tid, {.limit = 5}); }), "thread_not_found");
}

TEST_F(GdmServiceTest, AdminLockUnlockDelete) {
    const int64_t tid = team();
    const int64_t mid = service_.send(bob_, tid, SendRequest{.text = "before"}).at("id").as_int64();
    EXPECT_EQ(code_of([&] { service_.set_locked(alice_, tid, true); }), "forbidden");
    set("GD_LOCK_GROUP", "0");
    EXPECT_EQ(code_of([&] { service_.set_locked(admin_, tid, true); }), "feature_disabled");
    set("GD_LOCK_GROUP", "1");
    service_.set_locked(admin_, tid, true);
    EXPECT_EQ(code_of([&] { service_.send(alice_, tid, SendRequest{.text = "x"}); }), "group_locked");
    EXPECT_EQ(code_of([&] { service_.edit(bob_, mid, "x"); }), "group_locked");
    set("GD_UNLOCK_GROUP", "0");
    EXPECT_EQ(code_of([&] { service_.set_locked(admin_, tid, false); }), "feature_disabled");
    set("GD_UNLOCK_GROUP", "1");
    service_.set_locked(admin_, tid, false);
    EXPECT_NO_THROW(service_.send(alice_, tid, SendRequest{.text = "x"}));

    EXPECT_EQ(code_of([&] { service_.remove_thread(alice_, tid); }), "forbidden");
    set("GD_DELETE_GROUP", "0");
    EXPECT_EQ(code_of([&] { service_.remove_thread(admin_, tid); }), "feature_disabled");
    set("GD_DELETE_GROUP", "1");
    service_.remove_thread(admin_, tid);
    const auto events = sink_.take();
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].payload.at("deleted").as_int64(), tid);
    EXPECT_EQ(code_of([&] { service_.remove_thread(admin_, tid); }), "thread_not_found");
}

TEST_F(GdmServiceTest, EditAndDeleteRules) {
    const int64_t tid = team();
    const int64_t mid = service_.send(bob_, tid, SendRequest{.text = "v1"}).at("id").as_int64();
    EXPECT_EQ(code_of([&] { service_.edit(carol_, mid, "x"); }), "forbidden");
    EXPECT_EQ(code_of([&] { service_.edit(dave_, mid, "x"); }), "message_not_found");
    EXPECT_EQ(code_of([&] { service_.edit(admin_, mid, "x"); }), "message_not_found");
    sink_.take();
    EXPECT_EQ(service_.edit(bob_, mid, "v2").at("edited").as_int64(), 1);
    EXPECT_EQ(sink_.targets_of("gdm_edit").size(), 3u);
    EXPECT_EQ(code_of([&] { service_.remove_message(carol_, mid); }), "forbidden");
    service_.remove_message(alice_, mid);  // the owner moderates
    EXPECT_EQ(sink_.targets_of("gdm_delete").size(), 3u);
    EXPECT_EQ(code_of([&] { service_.remove_message(bob_, mid); }), "message_not_found");
}

TEST_F(GdmServiceTest, InvitesAreOwnerMadeSingleUseAndRespectBans) {
    const int64_t tid = team();
    EXPECT_EQ(code_of([&] { invites_.create(bob_, tid, std::nullopt); }), "forbidden");
    EXPECT_EQ(code_of([&] { invites_.create(dave_, tid, std::nullopt); }), "thread_not_found");
    EXPECT_EQ(code_of([&] { invites_.create(alice_, tid, 10); }), "invalid_field");
    const auto invite = invites_.create(alice_, tid, std::nullopt);
    EXPECT_EQ(invite.code.size(), invites::kCodeLength);
    EXPECT_NE(invite.code, invites_.create(alice_, tid, 3600).code);

    EXPECT_EQ(code_of([&] { invites_.join(bob_, invite.code); }), "already_member");
    EXPECT_EQ(code_of([&] { invites_.join(dave_, "NOSUCHCODE"); }), "invite_not_found");
    const auto joined = invites_.join(dave_, invite.code);
    EXPECT_EQ(joined.thread_id, tid);
    EXPECT_EQ(joined.thread_name, "Team");
    EXPECT_EQ(service_.history(dave_, tid, {.limit = 5}).size(), 0u);
    EXPECT_EQ(code_of([&] { invites_.join(dave_, invite.code); }), "invite_used");

    service_.kick(alice_, tid, "carol");
    const auto second = invites_.create(alice_, tid, std::nullopt);
    EXPECT_EQ(code_of([&] { invites_.join(carol_, second.code); }), "banned_from_group");

    const int64_t now = unix_now();
    backend_.gdms().create_invite(storage::InviteRecord{
        .code = "EXPIREDCODE",
        .thread_id = tid,
        .created_by = alice_.id,
        .created_at = now - 100,
        .expires_at = now - 1});
    EXPECT_EQ(code_of([&] { invites_.join(admin_, "expiredcode"); }), "invite_expired");
}

}  // namespace
}  // namespace chatter::gdm
