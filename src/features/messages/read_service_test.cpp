#include <gtest/gtest.h>

#include "features/messages/read_service.hpp"
#include "features/messages/test_support.hpp"

namespace chatter::messages {
namespace {

using testing::code_of;
using testing::make_user;

class ReadServiceTest : public ::testing::Test {
  protected:
    ReadServiceTest()
        : service_(backend_, sink_),
          alice_(make_user(backend_, "alice")),
          bob_(make_user(backend_, "bob")),
          carol_(make_user(backend_, "carol")) {}

    int64_t dm(const Principal& from, const Principal& to) {
        return backend_.dms()
            .insert(storage::NewMessage{.user_id = from.id, .to_user_id = to.id, .text = "x"}, false)
            .id;
    }

    storage::sqlite::testing::ScratchSqliteBackend backend_;
    testing::RecordingSink sink_;
    ReadService service_;
    Principal alice_, bob_, carol_;
};

TEST_F(ReadServiceTest, MarksReadMonotonicallyAndTellsTheCallersTabs) {
    const int64_t first = dm(bob_, alice_);
    const int64_t second = dm(bob_, alice_);
    auto state = service_.mark_read(alice_, ReadTarget{.kind = "dm", .name = "BOB"}, second);
    EXPECT_EQ(state.at("peer").as_string(), "bob");
    EXPECT_EQ(state.at("last_read_id").as_int64(), second);
    EXPECT_EQ(state.at("unread").as_int64(), 0);
    state = service_.mark_read(alice_, ReadTarget{.kind = "dm", .name = "bob"}, first);
    EXPECT_EQ(state.at("last_read_id").as_int64(), second);
    EXPECT_EQ(sink_.targets_of("read_marker"), (std::vector<std::string>{"user:alice", "user:alice"}));
}

TEST_F(ReadServiceTest, RefusesMessagesOfOtherConversations) {
    const int64_t theirs = dm(bob_, carol_);
    const int64_t mine = dm(bob_, alice_);
    EXPECT_EQ(
        code_of([&] { service_.mark_read(alice_, ReadTarget{.kind = "dm", .name = "bob"}, theirs); }),
        "message_not_found"
    );
    EXPECT_EQ(
        code_of([&] { service_.mark_read(alice_, ReadTarget{.kind = "dm", .name = "carol"}, mine); }),
        "message_not_found"
    );
    EXPECT_EQ(
        code_of([&] { service_.mark_read(alice_, ReadTarget{.kind = "channel", .name = "general"}, mine); }),
        "message_not_found"
    );
    EXPECT_EQ(code_of([&] { service_.mark_read(alice_, ReadTarget{.kind = "dm", .name = "alice"}, mine); }), "dm_self");
    EXPECT_EQ(
        code_of([&] { service_.mark_read(alice_, ReadTarget{.kind = "dm", .name = "nobody"}, mine); }), "user_not_found"
    );
    EXPECT_EQ(
        code_of([&] { service_.mark_read(alice_, ReadTarget{.kind = "channel", .name = "nope"}, mine); }),
        "channel_not_found"
    );
    EXPECT_EQ(code_of([&] { service_.mark_read(alice_, ReadTarget{.kind = "room", .id = 1}, mine); }), "invalid_field");
    EXPECT_EQ(
        code_of([&] { service_.mark_read(alice_, ReadTarget{.kind = "dm", .name = "bob"}, 0); }), "invalid_field"
    );

    const auto group = backend_.gdms().create("g", bob_.id, {carol_.id});
    const auto g = backend_.gdms().insert_message(storage::NewMessage{
        .conversation_id = group.id, .user_id = bob_.id, .text = "x"});
    EXPECT_EQ(
        code_of([&] { service_.mark_read(alice_, ReadTarget{.kind = "gdm", .id = group.id}, g.id); }),
        "thread_not_found"
    );
    EXPECT_EQ(
        service_.mark_read(carol_, ReadTarget{.kind = "gdm", .id = group.id}, g.id).at("last_read_id").as_int64(), g.id
    );
    EXPECT_TRUE(backend_.read_markers().unread_all(alice_.id).size() == 1u);  // only bob's DM
    EXPECT_EQ(sink_.targets_of("read_marker"), std::vector<std::string>{"user:carol"});
}

}  // namespace
}  // namespace chatter::messages
