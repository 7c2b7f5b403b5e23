#include "storage/contract/backend_contract.hpp"

namespace chatter::storage::contract {
namespace {

NewCustomChannel channel(const std::string& name, int64_t owner, int64_t now) {
    return NewCustomChannel{
        .name = name,
        .url = std::string("https://example.com/").append(name).append(".js"),
        .owner_id = owner,
        .enabled = true,
        .script = "window.ChatterCustomChannel = {};",
        .sha256 = std::string("hash-").append(name),
        .now = now,
    };
}

TEST_P(CustomChannelStoreContract, OwnersSeeTheirsSharedAreSeenByAllAdminsSeeEverything) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    auto& store = backend().custom_channels();
    const auto a = store.insert(channel("a", alice.id, 10));
    const auto b = store.insert(channel("b", bob.id, 20));
    EXPECT_EQ(store.count_owned(alice.id), 1);
    ASSERT_EQ(store.list(alice.id, false).size(), 1U);
    EXPECT_EQ(store.list(alice.id, false)[0].id, a);
    EXPECT_EQ(store.list(alice.id, true).size(), 2U);
    store.set_shared(b, true);
    const auto seen = store.list(alice.id, false);
    ASSERT_EQ(seen.size(), 2U);
    EXPECT_EQ(seen[1].owner, "bob");
    EXPECT_TRUE(seen[1].shared);
    EXPECT_FALSE(seen[1].accepted_sha256.has_value());  // alice never accepted bob's script
    EXPECT_EQ(seen[0].accepted_sha256, "hash-a");       // the owner accepted at registration
    EXPECT_EQ(seen[0].script_size, 33);
}

TEST_P(CustomChannelStoreContract, ScriptsAreReplacedAndAcceptancesKept) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    auto& store = backend().custom_channels();
    const auto id = store.insert(channel("a", alice.id, 10));
    store.set_accepted(id, bob.id, std::string("hash-a"));
    store.replace_script(id, "changed()", "hash-new", 50);
    EXPECT_EQ(store.script(id), "changed()");
    const auto found = store.find(id, bob.id);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->sha256, "hash-new");
    EXPECT_EQ(found->accepted_sha256, "hash-a");
    EXPECT_EQ(found->fetched_at, 50);
    EXPECT_EQ(found->created_at, 10);
    store.set_accepted(id, bob.id, std::nullopt);
    EXPECT_FALSE(store.find(id, bob.id)->accepted_sha256.has_value());
    store.set_enabled(id, false);
    EXPECT_FALSE(store.find(id, alice.id)->enabled);
    EXPECT_FALSE(store.find(id + 100, alice.id).has_value());
    EXPECT_FALSE(store.script(id + 100).has_value());
}

TEST_P(CustomChannelStoreContract, ValuesArePerUserPerChannelAndLimited) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    auto& store = backend().custom_channels();
    const auto a = store.insert(channel("a", alice.id, 10));
    const auto b = store.insert(channel("b", alice.id, 10));
    EXPECT_TRUE(store.put_value(a, alice.id, "k1", "v1", 2, 1));
    EXPECT_TRUE(store.put_value(a, alice.id, "k2", "v2", 2, 1));
    EXPECT_FALSE(store.put_value(a, alice.id, "k3", "v3", 2, 1));  // a third key
    EXPECT_TRUE(store.put_value(a, alice.id, "k1", "v1b", 2, 2));  // replacing is not a new key
    EXPECT_TRUE(store.put_value(a, bob.id, "k1", "bob", 2, 1));
    EXPECT_TRUE(store.put_value(b, alice.id, "k1", "other", 2, 1));
    EXPECT_EQ(store.value(a, alice.id, "k1"), "v1b");
    EXPECT_EQ(store.value(a, bob.id, "k1"), "bob");
    EXPECT_EQ(store.value(b, alice.id, "k1"), "other");
    EXPECT_EQ(store.keys(a, alice.id), (std::vector<std::string>{"k1", "k2"}));
    EXPECT_TRUE(store.remove_value(a, alice.id, "k2"));
    EXPECT_FALSE(store.remove_value(a, alice.id, "k2"));
    EXPECT_FALSE(store.value(a, alice.id, "k2").has_value());
    EXPECT_TRUE(store.remove(a));
    EXPECT_FALSE(store.remove(a));
    EXPECT_FALSE(store.value(a, bob.id, "k1").has_value());  // values go with their channel
    EXPECT_EQ(store.keys(b, alice.id).size(), 1U);
}

}  // namespace
}  // namespace chatter::storage::contract
