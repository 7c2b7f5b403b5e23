#include <gtest/gtest.h>

#include "features/messages/test_support.hpp"
#include "features/settings/settings_service.hpp"

namespace chatter::settings {
namespace {

using messages::testing::code_of;
using messages::testing::make_user;

TEST(SettingsService, DefaultsValidationAndAudit) {
    storage::sqlite::testing::ScratchSqliteBackend backend;
    messages::testing::RecordingSink sink;
    SettingsService service(backend, sink);
    const auto admin = make_user(backend, "root", "admin");
    const auto user = make_user(backend, "alice");

    const auto defaults = service.snapshot();
    EXPECT_TRUE(defaults.flag(kPublicEnabled));
    EXPECT_TRUE(defaults.flag(kSaveDmLogs));
    EXPECT_FALSE(defaults.flag(kMaintenanceMode));
    EXPECT_FALSE(defaults.flag(kAnnouncementsOnly));
    EXPECT_EQ(defaults.integer(kSendRateMax), 20);

    EXPECT_EQ(code_of([&] { service.update(user, boost::json::object{{"DM_ENABLED", 0}}); }), "forbidden");
    EXPECT_EQ(code_of([&] { service.update(admin, boost::json::object{{"NOPE", 1}}); }), "unknown_setting");
    EXPECT_EQ(code_of([&] { service.update(admin, boost::json::object{{"DM_ENABLED", 2}}); }), "invalid_setting");
    EXPECT_EQ(code_of([&] { service.update(admin, boost::json::object{{"DM_ENABLED", "yes"}}); }), "invalid_setting");
    EXPECT_EQ(code_of([&] { service.update(admin, boost::json::object{{"SEND_RATE_WINDOW", 0}}); }), "invalid_setting");
    // All or nothing: a bad key leaves the good one unstored.
    EXPECT_EQ(
        code_of([&] {
            service.update(admin, boost::json::object{{"DM_ENABLED", 0}, {"X", 1}});
        }),
        "unknown_setting"
    );
    EXPECT_TRUE(service.snapshot().flag(kDmEnabled));
    EXPECT_TRUE(sink.take().empty());

    const auto after = service.update(admin, boost::json::object{{"DM_ENABLED", false}, {"GD_SAVE_DM_LOGS", "0"}});
    EXPECT_FALSE(after.flag(kDmEnabled));
    EXPECT_EQ(after.values().at("DM_ENABLED"), "0");
    EXPECT_FALSE(service.snapshot().flag(kSaveDmLogs));
    const auto events = sink.take();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].event, "messaging_config");
    EXPECT_EQ(events[0].target, "all");
    EXPECT_FALSE(events[0].payload.at("dm_enabled").as_bool());
    EXPECT_FALSE(events[0].payload.at("dm_logging").as_bool());
    const auto audit = backend.audit().fetch_page(std::nullopt, 10);
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].action, "settings.update");
    EXPECT_EQ(audit[0].actor, "root");
}

}  // namespace
}  // namespace chatter::settings
