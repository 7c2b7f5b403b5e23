// Contract for read markers and unread counts.

#include "storage/contract/backend_contract.hpp"

namespace chatter::storage::contract {
namespace {

TEST_P(ReadMarkerStoreContract, AdvancesOnlyForward) {
    const auto alice = add_user("alice");
    const ConversationRef general{.kind = "channel", .id = backend().channels().fetch_by_name("general")->id};
    EXPECT_EQ(backend().read_markers().advance(alice.id, general, 5), 5);
    EXPECT_EQ(backend().read_markers().advance(alice.id, general, 3), 5);
    EXPECT_EQ(backend().read_markers().advance(alice.id, general, 9), 9);
    // Another kind with the same id is another conversation.
    EXPECT_EQ(backend().read_markers().advance(alice.id, ConversationRef{.kind = "gdm", .id = general.id}, 2), 2);
    EXPECT_EQ(backend().read_markers().unread(alice.id, general).last_read_id, 9);
}

TEST_P(ReadMarkerStoreContract, CountsMessagesOfOthersAfterTheMarkerPerKind) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    const auto carol = add_user("carol");
    const int64_t general = backend().channels().fetch_by_name("general")->id;
    auto post = [&](const UserRecord& who, const std::string& text) {
        return backend().channels().insert_message(NewMessage{
            .conversation_id = general, .user_id = who.id, .text = text});
    };
    const auto p1 = post(bob, "one");
    post(alice, "mine");
    const auto p3 = post(bob, "three");
    const auto d1 = backend().dms().insert(NewMessage{.user_id = bob.id, .to_user_id = alice.id, .text = "hi"}, false);
    backend().dms().insert(NewMessage{.user_id = bob.id, .to_user_id = alice.id, .text = "there"}, false);
    const auto d3 = backend().dms().insert(NewMessage{.user_id = alice.id, .to_user_id = bob.id, .text = "yo"}, false);
    backend().dms().insert(NewMessage{.user_id = carol.id, .to_user_id = bob.id, .text = "not alice's"}, false);
    const auto group = backend().gdms().create("g", carol.id, {alice.id});
    const auto g1 =
        backend().gdms().insert_message(NewMessage{.conversation_id = group.id, .user_id = carol.id, .text = "g"});
    const auto other_group = backend().gdms().create("h", carol.id, {bob.id});
    backend().gdms().insert_message(NewMessage{.conversation_id = other_group.id, .user_id = carol.id, .text = "h"});

    auto all = backend().read_markers().unread_all(alice.id);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].conversation.kind, "channel");
    EXPECT_EQ(all[0].conversation.id, general);
    EXPECT_EQ(all[0].name, "general");
    EXPECT_EQ(all[0].unread, 2);
    EXPECT_EQ(all[0].latest_id, p3.id);
    EXPECT_EQ(all[1].conversation.kind, "dm");
    EXPECT_EQ(all[1].conversation.id, bob.id);
    EXPECT_EQ(all[1].name, "bob");
    EXPECT_EQ(all[1].unread, 2);
    EXPECT_EQ(all[1].latest_id, d3.id);
    EXPECT_EQ(all[2].conversation.kind, "gdm");
    EXPECT_EQ(all[2].conversation.id, group.id);
    EXPECT_EQ(all[2].unread, 1);
    EXPECT_EQ(all[2].latest_id, g1.id);

    backend().read_markers().advance(alice.id, ConversationRef{.kind = "channel", .id = general}, p1.id);
    backend().read_markers().advance(alice.id, ConversationRef{.kind = "dm", .id = bob.id}, d1.id);
    const auto channel = backend().read_markers().unread(alice.id, ConversationRef{.kind = "channel", .id = general});
    EXPECT_EQ(channel.unread, 1);
    EXPECT_EQ(channel.last_read_id, p1.id);
    EXPECT_EQ(backend().read_markers().unread(alice.id, ConversationRef{.kind = "dm", .id = bob.id}).unread, 1);

    backend().read_markers().advance(alice.id, ConversationRef{.kind = "channel", .id = general}, p3.id);
    backend().read_markers().advance(alice.id, ConversationRef{.kind = "gdm", .id = group.id}, g1.id);
    all = backend().read_markers().unread_all(alice.id);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].conversation.kind, "dm");

    // Bob's view: carol's DM and his group, not alice's reply counted twice.
    const auto bobs = backend().read_markers().unread_all(bob.id);
    ASSERT_EQ(bobs.size(), 4u);
    EXPECT_EQ(bobs[0].unread, 1);  // general: alice's one message
    EXPECT_EQ(bobs[1].name, "alice");
    EXPECT_EQ(bobs[1].unread, 1);
    EXPECT_EQ(bobs[2].name, "carol");
    EXPECT_EQ(bobs[3].conversation.id, other_group.id);
}

TEST_P(ReadMarkerStoreContract, CountsStopAtTheCap) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    const auto group = backend().gdms().create("g", bob.id, {alice.id});
    for (int64_t i = 0; i < kUnreadCountCap + 5; ++i) {
        backend().gdms().insert_message(NewMessage{.conversation_id = group.id, .user_id = bob.id, .text = "x"});
    }
    EXPECT_EQ(
        backend().read_markers().unread(alice.id, ConversationRef{.kind = "gdm", .id = group.id}).unread,
        kUnreadCountCap
    );
}

TEST_P(ReadMarkerStoreContract, AMessageReusingADeletedIdIsStillUnread) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    const auto first =
        backend().dms().insert(NewMessage{.user_id = bob.id, .to_user_id = alice.id, .text = "1"}, false);
    const auto second =
        backend().dms().insert(NewMessage{.user_id = bob.id, .to_user_id = alice.id, .text = "2"}, false);
    const ConversationRef ref{.kind = "dm", .id = bob.id};
    backend().read_markers().advance(alice.id, ref, second.id);
    backend().dms().remove(second.id);
    const auto third =
        backend().dms().insert(NewMessage{.user_id = bob.id, .to_user_id = alice.id, .text = "3"}, false);
    const auto state = backend().read_markers().unread(alice.id, ref);
    EXPECT_LT(state.last_read_id, third.id);
    EXPECT_GE(state.last_read_id, first.id);  // what was read stays read
    EXPECT_EQ(state.unread, 1);
}

TEST_P(ReadMarkerStoreContract, MarkersGoWithTheirConversation) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    const auto group = backend().gdms().create("g", bob.id, {alice.id});
    const auto g1 =
        backend().gdms().insert_message(NewMessage{.conversation_id = group.id, .user_id = bob.id, .text = "x"});
    const ConversationRef ref{.kind = "gdm", .id = group.id};
    EXPECT_EQ(backend().read_markers().advance(alice.id, ref, g1.id), g1.id);
    // Leaving the group forgets the marker, so rejoining starts from an empty marker.
    backend().gdms().remove_member(group.id, alice.id, false);
    backend().gdms().add_members(group.id, {alice.id});
    EXPECT_EQ(backend().read_markers().unread(alice.id, ref).last_read_id, 0);

    const auto channel = backend().channels().insert("news", "", false);
    const ConversationRef news{.kind = "channel", .id = channel.id};
    backend().read_markers().advance(alice.id, news, 7);
    backend().channels().remove(channel.id);
    EXPECT_EQ(backend().read_markers().unread(alice.id, news).last_read_id, 0);
}

}  // namespace
}  // namespace chatter::storage::contract
