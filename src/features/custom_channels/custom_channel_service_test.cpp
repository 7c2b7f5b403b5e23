#include "features/custom_channels/custom_channel_service.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "features/messages/test_support.hpp"

namespace chatter::custom_channels {
namespace {

using messages::testing::code_of;
using messages::testing::make_user;
using messages::testing::RecordingSink;

class CustomChannelServiceTest : public ::testing::Test {
  protected:
    CustomChannelServiceTest()
        : service_(
              backend_,
              sink_,
              limiter_,
              [this](const std::string& url, int64_t max_bytes) {
                  ++fetches_;
                  const auto found = scripts_.find(url);
                  if (found == scripts_.end()) {
                      throw Error(Errc::kBadRequest, "The URL could not be fetched.", "fetch_failed");
                  }
                  if (static_cast<int64_t>(found->second.size()) > max_bytes) {
                      throw Error(Errc::kPayloadTooLarge, "Too large.", "payload_too_large");
                  }
                  return found->second;
              },
              CustomOptions{.max_script_bytes = 64, .max_channels_per_user = 2, .sends_per_window = 3}
          ),
          alice_(make_user(backend_, "alice")),
          bob_(make_user(backend_, "bob")),
          admin_(make_user(backend_, "root", "admin")) {
        scripts_["https://x/a.js"] = "window.ChatterCustomChannel = {};";
    }

    storage::sqlite::testing::ScratchSqliteBackend backend_;
    RecordingSink sink_;
    RateLimiter limiter_;
    std::map<std::string, std::string> scripts_;
    int fetches_ = 0;
    CustomChannelService service_;
    Principal alice_;
    Principal bob_;
    Principal admin_;
};

TEST_F(CustomChannelServiceTest, RegistrationValidatesNameScriptAndLimit) {
    EXPECT_EQ(code_of([&] { service_.register_channel(alice_, "https://x/a.js", "  ", true); }), "invalid_name");
    EXPECT_EQ(
        code_of([&] { service_.register_channel(alice_, "https://x/a.js", std::string(65, 'n'), true); }),
        "invalid_name"
    );
    EXPECT_EQ(fetches_, 0) << "a bad name is refused before fetching";
    scripts_["https://x/big.js"] = std::string(65, 'x');
    EXPECT_EQ(code_of([&] { service_.register_channel(alice_, "https://x/big.js", "n", true); }), "payload_too_large");
    scripts_["https://x/bad.js"] = "ok \xff\xfe";
    EXPECT_EQ(code_of([&] { service_.register_channel(alice_, "https://x/bad.js", "n", true); }), "invalid_script");
    scripts_["https://x/overlong.js"] = "\xc0\xaf";  // an overlong '/'
    EXPECT_EQ(
        code_of([&] { service_.register_channel(alice_, "https://x/overlong.js", "n", true); }), "invalid_script"
    );
    scripts_["https://x/cut.js"] = "abc \xe2\x82";  // a sequence cut short
    EXPECT_EQ(code_of([&] { service_.register_channel(alice_, "https://x/cut.js", "n", true); }), "invalid_script");
    scripts_["https://x/utf8.js"] = "// caf\xc3\xa9 \xf0\x9f\x94\x8a";
    EXPECT_GT(service_.register_channel(alice_, "https://x/utf8.js", "n", true), 0);
    const auto id = service_.register_channel(alice_, "https://x/a.js", " Echo ", false);
    const auto channel = service_.get(alice_, id);
    EXPECT_EQ(channel.name, "Echo");
    EXPECT_FALSE(channel.enabled);
    EXPECT_EQ(channel.sha256, crypto::sha256_hex(scripts_["https://x/a.js"]));
    EXPECT_EQ(channel.accepted_sha256, channel.sha256);
    EXPECT_EQ(code_of([&] { service_.register_channel(alice_, "https://x/a.js", "third", true); }), "channel_limit");
    EXPECT_EQ(code_of([&] { service_.register_channel(bob_, "https://x/missing.js", "n", true); }), "fetch_failed");
}

TEST_F(CustomChannelServiceTest, PermissionMatrix) {
    const auto id = service_.register_channel(alice_, "https://x/a.js", "Echo", true);
    EXPECT_EQ(code_of([&] { service_.get(bob_, id); }), "channel_not_found");
    EXPECT_EQ(code_of([&] { service_.toggle(bob_, id, false); }), "channel_not_found");
    EXPECT_EQ(code_of([&] { service_.share(alice_, id, true); }), "admin_required");
    EXPECT_EQ(service_.list(admin_).size(), 1U);
    EXPECT_TRUE(service_.list(bob_).empty());
    service_.share(admin_, id, true);
    EXPECT_EQ(service_.list(bob_).size(), 1U);
    EXPECT_EQ(code_of([&] { service_.toggle(bob_, id, false); }), "not_channel_owner");
    EXPECT_EQ(code_of([&] { service_.remove(bob_, id); }), "not_channel_owner");
    EXPECT_EQ(code_of([&] { service_.refetch(bob_, id); }), "not_channel_owner");
    EXPECT_EQ(code_of([&] { service_.refetch(admin_, id); }), "not_channel_owner");
    EXPECT_FALSE(service_.toggle(admin_, id, false).enabled);
    EXPECT_FALSE(service_.may_open(alice_, id));
    EXPECT_EQ(code_of([&] { service_.open(alice_, id); }), "channel_disabled");
    EXPECT_TRUE(service_.toggle(alice_, id, true).enabled);
    service_.remove(admin_, id);
    EXPECT_EQ(code_of([&] { service_.get(alice_, id); }), "channel_not_found");
}

TEST_F(CustomChannelServiceTest, ChangedScriptsNeedANewAcceptance) {
    const auto id = service_.register_channel(alice_, "https://x/a.js", "Echo", true);
    service_.share(admin_, id, true);
    const auto first = service_.get(bob_, id).sha256;
    EXPECT_FALSE(service_.get(bob_, id).accepted_sha256.has_value());
    EXPECT_EQ(code_of([&] { service_.accept(bob_, id, "deadbeef"); }), "script_changed");
    EXPECT_EQ(service_.accept(bob_, id, first).accepted_sha256, first);
    EXPECT_EQ(service_.refetch(alice_, id).sha256, first);
    scripts_["https://x/a.js"] = "window.ChatterCustomChannel = {v: 2};";
    const auto second = service_.refetch(alice_, id);
    EXPECT_NE(second.sha256, first);
    EXPECT_EQ(second.accepted_sha256, first);
    EXPECT_EQ(service_.get(bob_, id).accepted_sha256, first);
    EXPECT_EQ(service_.script(bob_, id).text, scripts_["https://x/a.js"]);
    EXPECT_FALSE(service_.dismiss(bob_, id).accepted_sha256.has_value());
}

TEST_F(CustomChannelServiceTest, AccessChangesAreAnnouncedForDeleteDisableAndUnshare) {
    std::vector<int64_t> changed;
    service_.set_access_changed([&](int64_t id) { changed.push_back(id); });
    const auto id = service_.register_channel(alice_, "https://x/a.js", "Echo", true);
    service_.share(admin_, id, true);
    service_.toggle(alice_, id, true);
    EXPECT_TRUE(changed.empty()) << "sharing and enabling take nothing away";
    service_.share(admin_, id, false);
    service_.toggle(alice_, id, false);
    service_.remove(alice_, id);
    EXPECT_EQ(changed, (std::vector<int64_t>{id, id, id}));
}

TEST_F(CustomChannelServiceTest, SendGoesToTheChannelRoomWithinLimits) {
    const auto id = service_.register_channel(alice_, "https://x/a.js", "Echo", true);
    const auto message = service_.send(alice_, id, "hi");
    EXPECT_EQ(message.at("username").as_string(), "alice");
    EXPECT_EQ(sink_.targets_of("custom_message"), std::vector<std::string>{fmt::format("room:custom:{}", id)});
    EXPECT_EQ(code_of([&] { service_.send(alice_, id, " "); }), "invalid_text");
    EXPECT_EQ(code_of([&] { service_.send(alice_, id, std::string(4001, 'x')); }), "invalid_text");
    EXPECT_EQ(code_of([&] { service_.send(bob_, id, "x"); }), "channel_not_found");
    service_.send(alice_, id, "2");
    service_.send(alice_, id, "3");
    EXPECT_EQ(code_of([&] { service_.send(alice_, id, "4"); }), "rate_limited");
}

TEST_F(CustomChannelServiceTest, FindByNamePrefersOwnEnabledVisibleChannels) {
    const auto shared = service_.register_channel(bob_, "https://x/a.js", "News", true);
    service_.share(admin_, shared, true);
    EXPECT_EQ(service_.find_by_name(alice_, "news")->id, shared);
    const auto own = service_.register_channel(alice_, "https://x/a.js", "NEWS", true);
    EXPECT_EQ(service_.find_by_name(alice_, "News")->id, own);
    service_.toggle(alice_, own, false);
    EXPECT_EQ(service_.find_by_name(alice_, "News")->id, shared);
    service_.share(admin_, shared, false);
    EXPECT_FALSE(service_.find_by_name(alice_, "News").has_value());
}

TEST_F(CustomChannelServiceTest, StorageIsPerUserAndLimited) {
    const auto id = service_.register_channel(alice_, "https://x/a.js", "Echo", true);
    EXPECT_EQ(code_of([&] { service_.storage_get(alice_, id, "k"); }), "key_not_found");
    service_.storage_put(alice_, id, "k", "1");
    EXPECT_EQ(service_.storage_get(alice_, id, "k"), "1");
    EXPECT_EQ(code_of([&] { service_.storage_put(bob_, id, "k", "1"); }), "channel_not_found");
    EXPECT_EQ(code_of([&] { service_.storage_put(alice_, id, "", "1"); }), "invalid_key");
    EXPECT_EQ(code_of([&] { service_.storage_put(alice_, id, std::string(129, 'k'), "1"); }), "invalid_key");
    EXPECT_EQ(code_of([&] { service_.storage_put(alice_, id, "k", std::string(16385, 'v')); }), "value_too_large");
    service_.storage_remove(alice_, id, "k");
    EXPECT_EQ(code_of([&] { service_.storage_remove(alice_, id, "k"); }), "key_not_found");
    EXPECT_TRUE(service_.storage_keys(alice_, id).empty());
}

}  // namespace
}  // namespace chatter::custom_channels
