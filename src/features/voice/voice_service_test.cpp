#include <gtest/gtest.h>

#include "features/messages/test_support.hpp"
#include "features/voice/voice_service.hpp"

namespace chatter::voice {
namespace {

using messages::testing::code_of;
using messages::testing::make_user;

class VoiceServiceTest : public ::testing::Test {
  protected:
    VoiceServiceTest()
        : settings_(backend_, sink_),
          service_(
              backend_, settings_, sink_, rooms_, ice_servers_from({"stun:s.example:3478", "turn:t.example"}, "u", "p")
          ),
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
    settings::SettingsService settings_;
    LocalVoiceRooms rooms_;
    VoiceService service_;
    Principal admin_, alice_, bob_, carol_;
};

TEST_F(VoiceServiceTest, IceServersSplitStunFromTurnWithCredentials) {
    const auto ice = service_.ice_servers_json();
    ASSERT_EQ(ice.size(), 2U);
    EXPECT_EQ(ice[0].as_object().at("urls").as_array().at(0).as_string(), "stun:s.example:3478");
    EXPECT_FALSE(ice[0].as_object().contains("credential"));
    EXPECT_EQ(ice[1].as_object().at("username").as_string(), "u");
    EXPECT_EQ(ice[1].as_object().at("credential").as_string(), "p");
    EXPECT_TRUE(ice_servers_from({}, "u", "p").empty());
}

TEST_F(VoiceServiceTest, OnlyAdminsManageChannelsAndNamesAreChecked) {
    EXPECT_EQ(code_of([&] { service_.create_channel(alice_, "music"); }), "forbidden");
    EXPECT_EQ(service_.create_channel(admin_, "Music"), "music");
    EXPECT_EQ(code_of([&] { service_.create_channel(admin_, "music"); }), "voice_channel_exists");
    EXPECT_EQ(code_of([&] { service_.create_channel(admin_, "dm:a:b"); }), "invalid_channel_name");
    EXPECT_EQ(code_of([&] { service_.create_channel(admin_, ""); }), "invalid_channel_name");
    EXPECT_EQ(code_of([&] { service_.create_channel(admin_, std::string(33, 'a')); }), "invalid_channel_name");
    EXPECT_EQ(code_of([&] { service_.delete_channel(alice_, "music"); }), "forbidden");
    EXPECT_EQ(code_of([&] { service_.delete_channel(admin_, "nope"); }), "voice_channel_not_found");
    const auto listed = service_.list_channels();
    EXPECT_EQ(listed.at("channels").as_array().size(), 2U);  // general and music
}

TEST_F(VoiceServiceTest, JoinMovesTheConnectionAndAnnouncesToEveryone) {
    service_.create_channel(admin_, "music");
    sink_.take();
    const auto first = service_.join(alice_, "s1", "general");
    EXPECT_EQ(first.participants.size(), 1U);
    const auto second = service_.join(bob_, "s2", "general");
    ASSERT_EQ(second.participants.size(), 2U);
    EXPECT_EQ(sink_.targets_of("voice_participants"), (std::vector<std::string>{"all", "all"}));
    service_.join(alice_, "s1", "music");
    EXPECT_EQ(service_.participants("general").size(), 1U);
    EXPECT_EQ(service_.participants("music").size(), 1U);
    EXPECT_EQ(service_.leave("s1"), std::optional<std::string>("music"));
    EXPECT_EQ(service_.leave("s1"), std::nullopt);
    EXPECT_TRUE(service_.participants("music").empty());
    EXPECT_EQ(code_of([&] { service_.join(alice_, "s1", "unknown"); }), "voice_channel_not_found");
}

TEST_F(VoiceServiceTest, TwoTabsOfOneUserAreTwoParticipants) {
    service_.join(alice_, "tab1", "general");
    const auto joined = service_.join(alice_, "tab2", "general");
    ASSERT_EQ(joined.participants.size(), 2U);
    EXPECT_EQ(joined.participants[0].username, "alice");
    EXPECT_EQ(joined.participants[1].username, "alice");
    EXPECT_EQ(service_.route("tab1", "tab2", "general").username, "alice");
}

TEST_F(VoiceServiceTest, RelayNeedsBothEndsInTheSameChannel) {
    service_.create_channel(admin_, "music");
    service_.join(alice_, "s1", "general");
    service_.join(bob_, "s2", "general");
    service_.join(carol_, "s3", "music");
    EXPECT_EQ(service_.route("s1", "s2", "general").from, "s1");
    EXPECT_EQ(code_of([&] { service_.route("s1", "s3", "general"); }), "voice_peer_not_found");
    EXPECT_EQ(code_of([&] { service_.route("s1", "s1", "general"); }), "voice_peer_not_found");
    EXPECT_EQ(code_of([&] { service_.route("s1", "ghost", "general"); }), "voice_peer_not_found");
    EXPECT_EQ(code_of([&] { service_.route("s3", "s1", "general"); }), "not_in_voice");
    EXPECT_EQ(code_of([&] { service_.route("nobody", "s1", "general"); }), "not_in_voice");
}

TEST_F(VoiceServiceTest, MuteIsPartOfTheParticipantState) {
    EXPECT_EQ(code_of([&] { service_.set_muted("s1", true); }), "not_in_voice");
    service_.join(alice_, "s1", "general");
    service_.set_muted("s1", true);
    EXPECT_TRUE(service_.participants("general").at(0).muted);
}

TEST_F(VoiceServiceTest, DmCallsAreForTheTwoMembersAndRingTheOther) {
    EXPECT_EQ(code_of([&] { service_.join(carol_, "s3", "dm:alice:bob"); }), "not_a_member");
    EXPECT_EQ(code_of([&] { service_.join(alice_, "s1", "dm:alice:ghost"); }), "voice_channel_not_found");
    EXPECT_EQ(code_of([&] { service_.join(alice_, "s1", "dm:alice:alice"); }), "voice_channel_not_found");
    const auto joined = service_.join(alice_, "s1", "dm:bob:alice");
    EXPECT_EQ(joined.channel, "dm:alice:bob");
    EXPECT_EQ(sink_.targets_of("voice_ring"), std::vector<std::string>{"user:bob"});
    EXPECT_EQ(sink_.targets_of("voice_participants"), (std::vector<std::string>{"user:alice", "user:bob"}));
    EXPECT_EQ(service_.join(bob_, "s2", "dm:alice:bob").participants.size(), 2U);
}

TEST_F(VoiceServiceTest, NobodyStartsADmCallWithSomeoneWhoAcceptsNoDms) {
    backend_.dms().set_allow_dms(bob_.id, "nobody");
    EXPECT_EQ(code_of([&] { service_.join(alice_, "s1", "dm:alice:bob"); }), "dms_not_accepted");
    service_.join(bob_, "s2", "dm:alice:bob");  // bob may call alice, and alice may answer
    EXPECT_EQ(service_.join(alice_, "s1", "dm:alice:bob").participants.size(), 2U);
}

TEST_F(VoiceServiceTest, GroupCallsAreForMembersOnly) {
    const auto thread = backend_.gdms().create("Team", alice_.id, {bob_.id});
    const auto room = "gdm:" + std::to_string(thread.id);
    EXPECT_EQ(code_of([&] { service_.join(carol_, "s3", room); }), "not_a_member");
    EXPECT_EQ(code_of([&] { service_.join(alice_, "s1", "gdm:999"); }), "voice_channel_not_found");
    EXPECT_EQ(code_of([&] { service_.join(alice_, "s1", "gdm:x"); }), "voice_channel_not_found");
    sink_.take();
    service_.join(alice_, "s1", room);
    EXPECT_EQ(sink_.targets_of("voice_ring"), std::vector<std::string>{"user:bob"});
}

TEST_F(VoiceServiceTest, SwitchedOffVoiceRefusesListAndJoinWithTheContractShape) {
    set("VOICE_ENABLED", "0");
    try {
        service_.list_channels();
        FAIL() << "expected voice_disabled";
    } catch (const Error& error) {
        EXPECT_EQ(error.errc(), Errc::kUnavailable);
        EXPECT_EQ(error.message(), "Voice service unavailable");
        EXPECT_TRUE(error.extra_fields.at("channels").as_array().empty());
    }
    EXPECT_EQ(code_of([&] { service_.join(alice_, "s1", "general"); }), "voice_disabled");
    EXPECT_FALSE(service_.enabled());
}

TEST_F(VoiceServiceTest, DeletingAChannelEmptiesIt) {
    service_.join(alice_, "s1", "general");
    service_.delete_channel(admin_, "general");
    EXPECT_TRUE(service_.participants("general").empty());
    EXPECT_EQ(service_.leave("s1"), std::nullopt);
    EXPECT_EQ(code_of([&] { service_.join(alice_, "s1", "general"); }), "voice_channel_not_found");
}

TEST_F(VoiceServiceTest, AFullChannelRefusesTheNextJoiner) {
    for (size_t i = 0; i < kMaxParticipants; ++i) {
        service_.join(alice_, "s" + std::to_string(i), "general");
    }
    EXPECT_EQ(code_of([&] { service_.join(bob_, "late", "general"); }), "voice_channel_full");
}

}  // namespace
}  // namespace chatter::voice
