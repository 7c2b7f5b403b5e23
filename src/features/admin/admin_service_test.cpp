#include <gtest/gtest.h>

#include "core/config.hpp"
#include "core/time.hpp"
#include "features/admin/admin_service.hpp"
#include "features/admin/alert_service.hpp"
#include "features/admin/report_service.hpp"
#include "features/channels/channel_service.hpp"
#include "features/dm/dm_service.hpp"
#include "features/messages/test_support.hpp"

namespace chatter::admin {
namespace {

using messages::testing::code_of;
using messages::testing::make_user;

class AdminTest : public ::testing::Test {
  protected:
    storage::sqlite::testing::ScratchSqliteBackend backend;
    messages::testing::RecordingSink sink;
    Config config;
    RateLimiter limiter;
    net::NetworkSet address_set;
    auth::AuthService auth{backend, config, limiter};
    settings::SettingsService settings{backend, sink};
    channels::ChannelService channels{backend, settings, sink, limiter};
    int bans_changes = 0;
    AdminService admin{backend, sink, auth, address_set, [] { return int64_t{3}; }, [this] { ++bans_changes; }};
    AlertService alerts{backend, sink, channels};
    ReportService reports{backend, sink, limiter};

    Principal root = make_user(backend, "root", "superadmin");
    Principal mod = make_user(backend, "mod", "admin");
    Principal mod2 = make_user(backend, "mod2", "admin");
    Principal alice = make_user(backend, "alice");
    Principal bob = make_user(backend, "bob");

    std::string send(const Principal& who, const std::string& text = "hi") {
        return code_of([&] { channels.send(who, "general", messages::SendRequest{text, std::nullopt, std::nullopt}); });
    }
};

TEST_F(AdminTest, EveryAdminActionRefusesPlainUsers) {
    EXPECT_EQ(code_of([&] { admin.list_users(alice, "", 10, 0); }), "admin_required");
    EXPECT_EQ(code_of([&] { admin.create_user(alice, "newbie", "long password", "user"); }), "admin_required");
    EXPECT_EQ(code_of([&] { admin.reset_password(alice, "bob", "long password"); }), "admin_required");
    EXPECT_EQ(code_of([&] { admin.ban(alice, "bob", ""); }), "admin_required");
    EXPECT_EQ(code_of([&] { admin.timeout(alice, "bob", 60, ""); }), "admin_required");
    EXPECT_EQ(code_of([&] { admin.ban_address(alice, "203.0.113.1", "", "10.0.0.1"); }), "admin_required");
    EXPECT_EQ(code_of([&] { admin.audit(alice, std::nullopt, 10); }), "admin_required");
    EXPECT_EQ(code_of([&] { admin.overview(alice); }), "admin_required");
    EXPECT_EQ(code_of([&] { alerts.create(alice, "x", "info", std::nullopt); }), "admin_required");
    EXPECT_EQ(code_of([&] { alerts.post_as_system(alice, "general", "x"); }), "admin_required");
    EXPECT_EQ(code_of([&] { reports.list(alice, "open"); }), "admin_required");
    EXPECT_TRUE(backend.audit().fetch_page(std::nullopt, 10).empty());
}

TEST_F(AdminTest, CreatingAdministratorsNeedsASuperadmin) {
    EXPECT_EQ(code_of([&] { admin.create_user(mod, "helper", "long password", "admin"); }), "superadmin_required");
    EXPECT_EQ(code_of([&] { admin.create_user(mod, "helper", "long password", "wizard"); }), "invalid_role");
    EXPECT_EQ(code_of([&] { admin.create_user(mod, "System", "long password", "user"); }), "invalid_username");
    EXPECT_EQ(code_of([&] { admin.create_user(mod, "helper", "short", "user"); }), "weak_password");
    EXPECT_EQ(admin.create_user(mod, "helper", "long password", "user").at("role").as_string(), "user");
    EXPECT_EQ(admin.create_user(root, "helper2", "long password", "admin").at("role").as_string(), "admin");
    EXPECT_EQ(code_of([&] { admin.create_user(root, "HELPER", "long password", "user"); }), "username_taken");
    const auto entries = backend.audit().fetch_page(std::nullopt, 10);
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].action, "user_create");
    EXPECT_EQ(entries[0].target, "helper2");
}

TEST_F(AdminTest, PasswordResetRevokesSessionsAndRespectsRoles) {
    backend.sessions().insert(storage::NewSession{alice.id, "h1", unix_now() + 100, "", ""});
    admin.reset_password(mod, "alice", "a new long password");
    EXPECT_TRUE(backend.sessions().fetch_for_user(alice.id, unix_now()).empty());
    EXPECT_EQ(sink.targets_of("disconnect"), std::vector<std::string>{"user:alice"});
    EXPECT_EQ(code_of([&] { admin.reset_password(mod, "mod2", "a new long password"); }), "superadmin_required");
    EXPECT_EQ(code_of([&] { admin.reset_password(mod, "nobody", "a new long password"); }), "user_not_found");
    EXPECT_EQ(code_of([&] { admin.reset_password(mod, "bob", "short"); }), "weak_password");
    EXPECT_EQ(code_of([&] { admin.reset_password(root, "mod2", "a new long password"); }), "no error");
}

TEST_F(AdminTest, BansFollowTheHierarchyAndDisconnect) {
    EXPECT_EQ(code_of([&] { admin.ban(mod, "mod2", ""); }), "superadmin_required");
    EXPECT_EQ(code_of([&] { admin.ban(mod, "root", ""); }), "cannot_moderate");
    EXPECT_EQ(code_of([&] { admin.ban(root, "root", ""); }), "cannot_moderate");
    EXPECT_EQ(code_of([&] { admin.ban(mod, "ghost", ""); }), "user_not_found");
    EXPECT_EQ(code_of([&] { admin.ban(mod, "alice", std::string(501, 'x')); }), "invalid_reason");
    admin.ban(mod, "alice", "  spam  ");
    EXPECT_TRUE(backend.users().fetch_by_id(alice.id)->banned);
    EXPECT_EQ(backend.users().fetch_by_id(alice.id)->ban_reason, std::optional<std::string>("spam"));
    EXPECT_EQ(sink.targets_of("disconnect"), std::vector<std::string>{"user:alice"});
    EXPECT_EQ(code_of([&] { admin.ban(mod, "alice", ""); }), "already_banned");
    EXPECT_EQ(send(alice), "banned");
    admin.unban(mod, "alice");
    EXPECT_EQ(code_of([&] { admin.unban(mod, "alice"); }), "not_banned");
    EXPECT_EQ(send(alice), "no error");
    admin.ban(root, "mod2", "");
    const auto entries = backend.audit().fetch_page(std::nullopt, 10);
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[2].action, "ban");
    EXPECT_EQ(entries[1].action, "unban");
}

TEST_F(AdminTest, TimeoutsMuteUntilRemoved) {
    EXPECT_EQ(code_of([&] { admin.timeout(mod, "alice", -5, ""); }), "invalid_seconds");
    EXPECT_EQ(code_of([&] { admin.timeout(mod, "alice", 0, ""); }), "invalid_seconds");
    EXPECT_EQ(code_of([&] { admin.timeout(mod, "alice", kMaxTimeoutSeconds + 1, ""); }), "invalid_seconds");
    EXPECT_EQ(code_of([&] { admin.timeout(mod, "mod2", 60, ""); }), "superadmin_required");
    const int64_t until = admin.timeout(mod, "alice", 600, "cool off");
    EXPECT_GE(until, unix_now() + 599);
    EXPECT_EQ(send(alice), "timed_out");
    try {
        channels.send(alice, "general", messages::SendRequest{"hi", std::nullopt, std::nullopt});
        ADD_FAILURE() << "a timed-out user could send";
    } catch (const Error& error) {
        EXPECT_NE(error.message().find("cool off"), std::string::npos) << error.message();
        EXPECT_GE(error.retry_after_s.value_or(0), 590);
    }
    EXPECT_EQ(send(bob), "no error");
    admin.remove_timeout(mod, "alice");
    EXPECT_EQ(code_of([&] { admin.remove_timeout(mod, "alice"); }), "timeout_not_found");
    EXPECT_EQ(send(alice), "no error");
}

TEST_F(AdminTest, MaintenanceStopsOnlyNonAdmins) {
    settings.update(root, boost::json::object{{"MAINTENANCE_MODE", true}});
    EXPECT_EQ(send(alice), "maintenance");
    EXPECT_EQ(send(mod), "no error");
}

TEST_F(AdminTest, AddressBansValidateAndFeedTheSharedSet) {
    EXPECT_EQ(code_of([&] { admin.ban_address(mod, "10.0.0.0/33", "", "192.0.2.1"); }), "invalid_address");
    EXPECT_EQ(code_of([&] { admin.ban_address(mod, "example.com", "", "192.0.2.1"); }), "invalid_address");
    EXPECT_EQ(code_of([&] { admin.ban_address(mod, "127.0.0.0/8", "", "192.0.2.1"); }), "address_refused");
    EXPECT_EQ(code_of([&] { admin.ban_address(mod, "0.0.0.0/0", "", "192.0.2.1"); }), "address_refused");
    EXPECT_EQ(code_of([&] { admin.ban_address(mod, "192.0.2.0/24", "", "192.0.2.1"); }), "address_refused");
    EXPECT_EQ(bans_changes, 0);
    const auto ban = admin.ban_address(mod, "203.0.113.9/24", "spam", "192.0.2.1");
    EXPECT_EQ(ban.network, "203.0.113.0/24");
    EXPECT_TRUE(address_set.contains("203.0.113.200"));
    // Open connections (of every node) are checked against the set after it holds the new ban.
    EXPECT_EQ(bans_changes, 1);
    EXPECT_EQ(code_of([&] { admin.ban_address(mod, "203.0.113.0/24", "", "192.0.2.1"); }), "address_already_banned");
    EXPECT_EQ(code_of([&] { admin.unban_address(mod, ban.id + 100); }), "ban_not_found");
    admin.unban_address(mod, ban.id);
    EXPECT_FALSE(address_set.contains("203.0.113.200"));
    EXPECT_EQ(bans_changes, 2);  // other nodes drop it from their sets too
}

TEST_F(AdminTest, AlertsAreValidatedAndBroadcast) {
    EXPECT_EQ(code_of([&] { alerts.create(mod, "  ", "info", std::nullopt); }), "invalid_text");
    EXPECT_EQ(code_of([&] { alerts.create(mod, std::string(501, 'a'), "info", std::nullopt); }), "invalid_text");
    EXPECT_EQ(code_of([&] { alerts.create(mod, "x", "loud", std::nullopt); }), "invalid_level");
    EXPECT_EQ(code_of([&] { alerts.create(mod, "x", "info", "2001-01-01T00:00:00Z"); }), "invalid_expires_at");
    EXPECT_EQ(code_of([&] { alerts.create(mod, "x", "info", "tomorrow"); }), "invalid_expires_at");
    const auto alert = alerts.create(mod, "Restart at 18:00", "warning", "2099-01-01T00:00:00Z");
    EXPECT_EQ(sink.targets_of("alert"), std::vector<std::string>{"all"});
    ASSERT_EQ(alerts.active().size(), 1u);
    alerts.remove(mod, alert.id);
    EXPECT_EQ(code_of([&] { alerts.remove(mod, alert.id); }), "alert_not_found");
    EXPECT_TRUE(alerts.active().empty());
}

TEST_F(AdminTest, SystemPostsThroughTheChannelServiceAndCannotBeModerated) {
    const auto message = alerts.post_as_system(mod, "general", "Welcome!");
    EXPECT_EQ(message.at("username").as_string(), "System");
    EXPECT_EQ(sink.targets_of("new_message"), std::vector<std::string>{"all"});
    EXPECT_EQ(alerts.post_as_system(root, "general", "Again").at("username").as_string(), "System");
    EXPECT_EQ(code_of([&] { alerts.post_as_system(mod, "nope", "x"); }), "channel_not_found");
    EXPECT_EQ(code_of([&] { alerts.post_as_system(mod, "general", ""); }), "invalid_text");
    EXPECT_EQ(code_of([&] { admin.ban(root, "System", ""); }), "cannot_moderate");
    EXPECT_EQ(code_of([&] { admin.reset_password(root, "System", "long password"); }), "cannot_moderate");
    EXPECT_EQ(code_of([&] { auth.login("System", "!", auth::ClientInfo{"192.0.2.1", ""}); }), "invalid_credentials");
}

TEST_F(AdminTest, ReportsNeedAVisibleMessageAndAreRateLimited) {
    dm::DmService dms{backend, settings, sink, limiter};
    const auto dm = dms.send(alice, "bob", messages::SendRequest{"rude words", std::nullopt, std::nullopt});
    const int64_t dm_id = dm.at("id").as_int64();
    const Principal carol = make_user(backend, "carol");
    EXPECT_EQ(code_of([&] { reports.report_message(carol, dm_id, "dm", "seen it"); }), "message_not_found");
    EXPECT_EQ(code_of([&] { reports.report_message(bob, dm_id, "gdm", "x"); }), "message_not_found");
    EXPECT_EQ(code_of([&] { reports.report_message(bob, dm_id, "carrier", "x"); }), "invalid_kind");
    EXPECT_EQ(code_of([&] { reports.report_message(bob, dm_id, "dm", " "); }), "invalid_reason");
    EXPECT_EQ(code_of([&] { reports.report_message(bob, dm_id, "dm", std::string(501, 'r')); }), "invalid_reason");
    EXPECT_EQ(code_of([&] { reports.report_message(alice, dm_id, "dm", "me"); }), "cannot_report_self");
    const auto report = reports.report_message(bob, dm_id, "dm", "insult");
    EXPECT_EQ(report.target, "alice");
    EXPECT_EQ(report.excerpt, "rude words");
    const auto notified = sink.targets_of("report_new");
    EXPECT_EQ(notified, (std::vector<std::string>{"user:root", "user:mod", "user:mod2"}));

    EXPECT_EQ(code_of([&] { reports.report_user(bob, "ghost", "x"); }), "user_not_found");
    EXPECT_EQ(code_of([&] { reports.report_user(bob, "bob", "x"); }), "cannot_report_self");
    for (int i = 1; i < kReportsPerWindow; ++i) {
        reports.report_user(bob, "alice", "spam " + std::to_string(i));
    }
    EXPECT_EQ(code_of([&] { reports.report_user(bob, "alice", "one more"); }), "rate_limited");
    EXPECT_EQ(reports.list(mod, "open").size(), static_cast<size_t>(kReportsPerWindow));
    EXPECT_EQ(code_of([&] { reports.list(mod, "closed"); }), "invalid_status");

    const auto resolved = reports.resolve(mod, report.id, "warned alice");
    EXPECT_EQ(resolved.status, "resolved");
    EXPECT_EQ(code_of([&] { reports.resolve(mod2, report.id, ""); }), "already_resolved");
    EXPECT_EQ(code_of([&] { reports.resolve(mod, 4242, ""); }), "report_not_found");
    EXPECT_EQ(reports.list(mod, "resolved").size(), 1u);
}

TEST_F(AdminTest, UserListPagesAndOverviewCounts) {
    EXPECT_EQ(code_of([&] { admin.list_users(mod, "", 0, 0); }), "invalid_query");
    EXPECT_EQ(code_of([&] { admin.list_users(mod, "", 10, -1); }), "invalid_query");
    EXPECT_EQ(code_of([&] { admin.list_users(mod, std::string(33, 'a'), 10, 0); }), "invalid_query");
    admin.timeout(mod, "alice", 60, "");
    const auto page = admin.list_users(mod, "a", 10, 0);
    EXPECT_EQ(page.total, 1);
    ASSERT_EQ(page.users.size(), 1u);
    EXPECT_TRUE(page.users[0].at("timeout_until").is_string());
    EXPECT_EQ(admin.list_users(mod, "", 2, 0).total, 5);
    EXPECT_EQ(admin.list_users(mod, "", 2, 4).users.size(), 1u);

    EXPECT_EQ(send(alice), "timed_out");
    EXPECT_EQ(send(bob), "no error");
    const auto overview = admin.overview(mod);
    EXPECT_EQ(overview.at("users").as_int64(), 5);
    EXPECT_EQ(overview.at("online").as_int64(), 3);
    EXPECT_EQ(overview.at("messages_today").as_int64(), 1);
    EXPECT_EQ(overview.at("messages_per_day").as_array().size(), 14u);
}

}  // namespace
}  // namespace chatter::admin
