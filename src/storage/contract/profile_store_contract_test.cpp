#include "core/error.hpp"
#include "storage/contract/backend_contract.hpp"

namespace chatter::storage::contract {
namespace {

TEST_P(ProfileStoreContract, DefaultsUntilSavedThenEveryField) {
    const auto alice = add_user("alice");
    const auto fresh = backend().profiles().fetch(alice.id);
    ASSERT_TRUE(fresh.has_value());
    EXPECT_EQ(fresh->theme, "system");
    EXPECT_EQ(fresh->allow_dms, "everyone");
    EXPECT_TRUE(fresh->notify_mentions);
    EXPECT_FALSE(fresh->avatar.has_value());
    EXPECT_FALSE(backend().profiles().fetch(alice.id + 100).has_value());

    ProfileRecord changed = *fresh;
    changed.bio = "hello";
    changed.status = "busy";
    changed.theme = "dark";
    changed.language = "de";
    changed.email = "a@example.org";
    changed.allow_dms = "nobody";
    changed.notify_sounds = false;
    ASSERT_TRUE(backend().profiles().save(changed));
    const auto stored = backend().profiles().fetch(alice.id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->bio, "hello");
    EXPECT_EQ(stored->status, "busy");
    EXPECT_EQ(stored->theme, "dark");
    EXPECT_EQ(stored->language, "de");
    EXPECT_EQ(stored->email, std::optional<std::string>("a@example.org"));
    EXPECT_FALSE(stored->notify_sounds);
    EXPECT_TRUE(stored->notify_dms);
    // allow_dms is the messaging setting the DM rule reads.
    EXPECT_EQ(backend().dms().allow_dms(alice.id), "nobody");
    EXPECT_EQ(backend().users().fetch_by_id(alice.id)->email, std::optional<std::string>("a@example.org"));
}

TEST_P(ProfileStoreContract, AvatarReplacementReturnsThePreviousOne) {
    const auto alice = add_user("alice");
    EXPECT_FALSE(backend().profiles().replace_avatar(alice.id, "a.png").has_value());
    EXPECT_EQ(backend().profiles().replace_avatar(alice.id, "b.gif"), std::optional<std::string>("a.png"));
    ProfileRecord profile = *backend().profiles().fetch(alice.id);
    EXPECT_EQ(profile.avatar, std::optional<std::string>("b.gif"));
    profile.bio = "saving other fields keeps the avatar";
    ASSERT_TRUE(backend().profiles().save(profile));
    EXPECT_EQ(backend().profiles().fetch(alice.id)->avatar, std::optional<std::string>("b.gif"));
    EXPECT_EQ(backend().profiles().replace_avatar(alice.id, std::nullopt), std::optional<std::string>("b.gif"));
    EXPECT_FALSE(backend().profiles().fetch(alice.id)->avatar.has_value());
}

TEST_P(ProfileStoreContract, DeletedAccountsDisappearButKeepTheirName) {
    const auto root = add_user("root", true);
    const auto alice = add_user("alice");
    ASSERT_EQ(root.role, "superadmin");
    ProfileRecord profile = *backend().profiles().fetch(alice.id);
    profile.bio = "bye";
    ASSERT_TRUE(backend().profiles().save(profile));
    backend().sessions().insert(NewSession{alice.id, "hash-s", 4'000'000'000, "", ""});

    EXPECT_EQ(backend().users().delete_account(alice.id, 123), AccountChange::kDone);
    EXPECT_FALSE(backend().users().fetch_by_id(alice.id).has_value());
    EXPECT_FALSE(backend().users().fetch_by_name("alice").has_value());
    EXPECT_TRUE(backend().users().fetch_by_prefix("al", 10).empty());
    EXPECT_EQ(backend().users().count(), 1);
    EXPECT_FALSE(backend().profiles().fetch(alice.id).has_value());
    EXPECT_FALSE(backend().profiles().save(profile));
    EXPECT_FALSE(backend().sessions().fetch_by_hash("hash-s", 1).has_value());
    EXPECT_EQ(backend().users().delete_account(alice.id, 124), AccountChange::kNotFound);
    EXPECT_FALSE(backend().users().update_password(alice.id, "x"));
    EXPECT_THROW(add_user("ALICE"), Error);  // the name stays reserved
}

TEST_P(ProfileStoreContract, TheLastSuperadminStays) {
    const auto root = add_user("root", true);
    const auto bob = add_user("bob");
    EXPECT_EQ(backend().users().delete_account(root.id, 1), AccountChange::kLastSuperadmin);
    EXPECT_EQ(backend().users().change_role(root.id, "admin"), AccountChange::kLastSuperadmin);
    EXPECT_EQ(backend().users().fetch_by_id(root.id)->role, "superadmin");
    EXPECT_EQ(backend().users().change_role(bob.id, "superadmin"), AccountChange::kDone);
    EXPECT_EQ(backend().users().change_role(root.id, "user"), AccountChange::kDone);
    EXPECT_EQ(backend().users().delete_account(bob.id, 1), AccountChange::kLastSuperadmin);
    EXPECT_EQ(backend().users().change_role(root.id + 100, "user"), AccountChange::kNotFound);
    EXPECT_THROW(backend().users().change_role(bob.id, "god"), Error);
}

}  // namespace
}  // namespace chatter::storage::contract
