// Contract for reactions and message search.

#include "storage/contract/backend_contract.hpp"

namespace chatter::storage::contract {
namespace {

TEST_P(ReactionStoreContract, AddRemoveFetchAndCleanupWithTheMessage) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    const int64_t general = backend().channels().fetch_by_name("general")->id;
    const auto m =
        backend().channels().insert_message(NewMessage{.conversation_id = general, .user_id = alice.id, .text = "x"});
    EXPECT_TRUE(backend().reactions().add("public", m.id, alice.id, "👍"));
    EXPECT_FALSE(backend().reactions().add("public", m.id, alice.id, "👍"));
    EXPECT_TRUE(backend().reactions().add("public", m.id, bob.id, "👍"));
    EXPECT_TRUE(backend().reactions().add("public", m.id, bob.id, "🎉"));
    EXPECT_TRUE(backend().reactions().add("dm", m.id, bob.id, "🎉"));
    auto all = backend().reactions().fetch("public", m.id);
    EXPECT_EQ(all["👍"], (std::vector<std::string>{"alice", "bob"}));
    EXPECT_EQ(all["🎉"], (std::vector<std::string>{"bob"}));
    EXPECT_TRUE(backend().reactions().remove("public", m.id, alice.id, "👍"));
    EXPECT_FALSE(backend().reactions().remove("public", m.id, alice.id, "👍"));
    EXPECT_EQ(backend().reactions().fetch("public", m.id)["👍"], std::vector<std::string>{"bob"});
    backend().channels().remove_message(m.id);
    EXPECT_TRUE(backend().reactions().fetch("public", m.id).empty());
    EXPECT_EQ(backend().reactions().fetch("dm", m.id).size(), 1u);
}

TEST_P(ReactionStoreContract, PinsPerConversation) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    const auto carol = add_user("carol");
    const int64_t general = backend().channels().fetch_by_name("general")->id;
    const auto p1 =
        backend().channels().insert_message(NewMessage{.conversation_id = general, .user_id = alice.id, .text = "a"});
    const auto d1 = backend().dms().insert(NewMessage{.user_id = alice.id, .to_user_id = bob.id, .text = "d"}, false);
    const auto d2 = backend().dms().insert(NewMessage{.user_id = carol.id, .to_user_id = bob.id, .text = "e"}, false);
    EXPECT_TRUE(backend().pins().pin("public", p1.id, alice.id));
    EXPECT_FALSE(backend().pins().pin("public", p1.id, bob.id));
    EXPECT_TRUE(backend().pins().pin("dm", d1.id, bob.id));
    EXPECT_TRUE(backend().pins().pin("dm", d2.id, bob.id));

    const auto pub = backend().pins().list("public", general, 0);
    ASSERT_EQ(pub.size(), 1u);
    EXPECT_EQ(pub[0].message_id, p1.id);
    EXPECT_EQ(pub[0].pinned_by, "alice");
    const auto pair = backend().pins().list("dm", bob.id, alice.id);
    ASSERT_EQ(pair.size(), 1u);
    EXPECT_EQ(pair[0].message_id, d1.id);

    EXPECT_TRUE(backend().pins().unpin("public", p1.id));
    EXPECT_FALSE(backend().pins().unpin("public", p1.id));
    backend().dms().remove(d1.id);
    EXPECT_TRUE(backend().pins().list("dm", alice.id, bob.id).empty());
}

TEST_P(SearchStoreContract, FindsOnlyVisibleMessagesAndFollowsEdits) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    const auto carol = add_user("carol");
    const int64_t general = backend().channels().fetch_by_name("general")->id;
    const auto pub = backend().channels().insert_message(NewMessage{
        .conversation_id = general, .user_id = alice.id, .text = "Deploying the rocket today"});
    const auto dm = backend().dms().insert(
        NewMessage{.user_id = alice.id, .to_user_id = bob.id, .text = "secret rocket plans"}, false
    );
    const auto team = backend().gdms().create("Team", bob.id, {alice.id});
    const auto g = backend().gdms().insert_message(NewMessage{
        .conversation_id = team.id, .user_id = bob.id, .text = "rocketry club"});

    auto hits = backend().search().search(alice.id, "rock", 50);
    ASSERT_EQ(hits.size(), 3u);
    std::map<std::string, SearchHit> by_kind;
    for (const auto& hit : hits) {
        by_kind[hit.kind] = hit;
    }
    EXPECT_EQ(by_kind["gdm"].id, g.id);
    EXPECT_EQ(by_kind["gdm"].conversation_id, team.id);
    EXPECT_EQ(by_kind["dm"].id, dm.id);
    EXPECT_EQ(by_kind["dm"].to_username, "bob");
    EXPECT_EQ(by_kind["public"].id, pub.id);
    EXPECT_EQ(by_kind["public"].username, "alice");
    EXPECT_EQ(backend().search().search(carol.id, "rocket", 50).size(), 1u);
    EXPECT_EQ(backend().search().search(alice.id, "secret rocket", 50).size(), 1u);
    EXPECT_TRUE(backend().search().search(alice.id, "\"\" OR * NEAR(", 50).empty());
    EXPECT_TRUE(backend().search().search(alice.id, "   ", 50).empty());

    backend().dms().update_text(dm.id, "nothing to see", 1);
    EXPECT_EQ(backend().search().search(bob.id, "secret", 50).size(), 0u);
    backend().channels().remove_message(pub.id);
    EXPECT_EQ(backend().search().search(carol.id, "rocket", 50).size(), 0u);
}

}  // namespace
}  // namespace chatter::storage::contract
