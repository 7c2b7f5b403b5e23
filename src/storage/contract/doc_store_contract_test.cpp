// DocStore contract: creation with members, roles, listing order, membership changes, revisions
// appended only at head + 1, and deletion cascading to members and history.

#include "storage/contract/backend_contract.hpp"

namespace chatter::storage::contract {
namespace {

TEST_P(DocStoreContract, CreateFetchRolesAndMembers) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    const auto carol = add_user("carol");
    const auto dave = add_user("dave");
    auto& docs = backend().docs();
    const auto doc = docs.create("Notes", "hi", R"(["hi"])", 2, alice.id, {{bob.id, "editor"}, {carol.id, "viewer"}});
    EXPECT_EQ(doc.name, "Notes");
    EXPECT_EQ(doc.content, "hi");
    EXPECT_EQ(doc.content_revision, 0);
    EXPECT_EQ(doc.created_by, "alice");
    EXPECT_EQ(doc.revision, 0);
    EXPECT_EQ(docs.role_of(doc.id, alice.id), "creator");
    EXPECT_EQ(docs.role_of(doc.id, bob.id), "editor");
    EXPECT_EQ(docs.role_of(doc.id, carol.id), "viewer");
    EXPECT_EQ(docs.role_of(doc.id, dave.id), std::nullopt);
    EXPECT_EQ(docs.role_of(doc.id + 100, alice.id), std::nullopt);

    const auto members = docs.members(doc.id);
    ASSERT_EQ(members.size(), 3U);
    EXPECT_EQ(members[0].username, "alice");
    EXPECT_EQ(members[0].role, "creator");

    EXPECT_FALSE(docs.add_member(doc.id, {bob.id, "viewer"}));
    EXPECT_FALSE(docs.add_member(doc.id, {alice.id, "viewer"}));
    EXPECT_TRUE(docs.add_member(doc.id, {dave.id, "viewer"}));
    EXPECT_TRUE(docs.set_member_role(doc.id, {dave.id, "editor"}));
    EXPECT_FALSE(docs.set_member_role(doc.id, {alice.id, "viewer"}));
    EXPECT_EQ(docs.role_of(doc.id, dave.id), "editor");
    EXPECT_TRUE(docs.remove_member(doc.id, dave.id));
    EXPECT_FALSE(docs.remove_member(doc.id, dave.id));
    EXPECT_EQ(docs.role_of(doc.id, dave.id), std::nullopt);
}

TEST_P(DocStoreContract, RevisionsAppendOnlyAtHeadAndListNewestFirst) {
    const auto alice = add_user("alice");
    auto& docs = backend().docs();
    const auto doc = docs.create("D", "", "[]", 0, alice.id, {});
    EXPECT_TRUE(docs.append_revision(doc.id, 1, alice.id, R"(["a"])", 1, nullptr));
    const std::string snapshot = "ab";
    EXPECT_FALSE(docs.append_revision(doc.id, 1, alice.id, R"(["b"])", 1, &snapshot));
    EXPECT_FALSE(docs.append_revision(doc.id, 3, alice.id, R"(["b"])", 1, &snapshot));
    // Without a snapshot the stored text stays at the older revision; the ops after it are kept.
    const auto before = docs.fetch(doc.id);
    ASSERT_TRUE(before);
    EXPECT_EQ(before->revision, 1);
    EXPECT_EQ(before->content, "");
    EXPECT_EQ(before->content_revision, 0);
    EXPECT_TRUE(docs.append_revision(doc.id, 2, alice.id, R"([1,"b"])", 2, &snapshot));
    const auto fetched = docs.fetch(doc.id);
    ASSERT_TRUE(fetched);
    EXPECT_EQ(fetched->content, "ab");
    EXPECT_EQ(fetched->content_revision, 2);
    EXPECT_EQ(fetched->revision, 2);
    EXPECT_EQ(fetched->last_edited_by, "alice");
    const auto revisions = docs.revisions(doc.id, std::nullopt, 10);
    ASSERT_EQ(revisions.size(), 3U);
    EXPECT_EQ(revisions[0].revision, 2);
    EXPECT_EQ(revisions[2].revision, 0);
    EXPECT_EQ(docs.revisions(doc.id, 2, 1).at(0).revision, 1);
    const auto ops = docs.ops(doc.id, 1, 2);
    ASSERT_EQ(ops.size(), 2U);
    EXPECT_EQ(ops[0].op, R"(["a"])");
    EXPECT_EQ(ops[1].length, 2);
}

TEST_P(DocStoreContract, ListOrdersByLastEditAndRemoveCascades) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    auto& docs = backend().docs();
    const auto first = docs.create("first", "", "[]", 0, alice.id, {{bob.id, "viewer"}});
    const auto second = docs.create("second", "", "[]", 0, bob.id, {});
    EXPECT_TRUE(docs.append_revision(first.id, 1, alice.id, R"(["x"])", 1, nullptr));
    const auto listed = docs.docs_for(bob.id);
    ASSERT_EQ(listed.size(), 2U);
    // Equal timestamps fall back to the newer id; an edit in the same second keeps that order.
    EXPECT_EQ(listed[0].role == "creator" ? listed[0].id : listed[1].id, second.id);
    EXPECT_EQ(docs.docs_for(alice.id).size(), 1U);
    EXPECT_EQ(docs.docs_for(alice.id)[0].role, "creator");
    EXPECT_TRUE(docs.remove(first.id));
    EXPECT_FALSE(docs.fetch(first.id));
    EXPECT_TRUE(docs.members(first.id).empty());
    EXPECT_TRUE(docs.revisions(first.id, std::nullopt, 10).empty());
    EXPECT_EQ(docs.docs_for(bob.id).size(), 1U);
}

}  // namespace
}  // namespace chatter::storage::contract
