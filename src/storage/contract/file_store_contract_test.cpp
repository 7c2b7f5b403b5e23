#include "storage/contract/backend_contract.hpp"

namespace chatter::storage::contract {
namespace {

FileRecord file(const std::string& id, int64_t owner, int64_t size, int64_t created, int64_t expires) {
    return FileRecord{
        .id = id,
        .name = "n-" + id,
        .size = size,
        .mime_type = "text/plain",
        .owner_id = owner,
        .created_at = created,
        .expires_at = expires};
}

TEST_P(FileStoreContract, LiveFilesAreFoundListedAndCounted) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    ASSERT_TRUE(backend().files().insert_within_quota(file("a1", alice.id, 10, 100, 1000), 0, 100));
    ASSERT_TRUE(backend().files().insert_within_quota(file("a2", alice.id, 20, 200, 1000), 0, 200));
    ASSERT_TRUE(backend().files().insert_within_quota(file("b1", bob.id, 5, 150, 300), 0, 150));
    const auto found = backend().files().find("a1", 500);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->owner, "alice");
    EXPECT_EQ(found->name, "n-a1");
    EXPECT_FALSE(backend().files().find("b1", 300).has_value());  // expires_at is exclusive
    const auto mine = backend().files().list(alice.id, 500);
    ASSERT_EQ(mine.size(), 2U);
    EXPECT_EQ(mine[0].id, "a2");  // newest first
    EXPECT_EQ(backend().files().list(std::nullopt, 250).size(), 3U);
    EXPECT_EQ(backend().files().total_bytes(250), 35);
    EXPECT_EQ(backend().files().total_bytes(500), 30);
}

TEST_P(FileStoreContract, QuotaCountsOnlyTheOwnersLiveFiles) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    ASSERT_TRUE(backend().files().insert_within_quota(file("old", alice.id, 90, 1, 50), 100, 1));
    ASSERT_TRUE(backend().files().insert_within_quota(file("bob", bob.id, 90, 60, 1000), 100, 60));
    EXPECT_TRUE(backend().files().insert_within_quota(file("a1", alice.id, 60, 60, 1000), 100, 60));
    EXPECT_FALSE(backend().files().insert_within_quota(file("a2", alice.id, 41, 60, 1000), 100, 60));
    EXPECT_FALSE(backend().files().find("a2", 60).has_value());
    EXPECT_TRUE(backend().files().insert_within_quota(file("a3", alice.id, 40, 60, 1000), 100, 60));
}

TEST_P(FileStoreContract, ExpiredIdsAndRemoval) {
    const auto alice = add_user("alice");
    ASSERT_TRUE(backend().files().insert_within_quota(file("x", alice.id, 1, 1, 10), 0, 1));
    ASSERT_TRUE(backend().files().insert_within_quota(file("y", alice.id, 1, 1, 20), 0, 1));
    EXPECT_EQ(backend().files().expired(15, 10), std::vector<std::string>{"x"});
    EXPECT_TRUE(backend().files().remove("x"));
    EXPECT_FALSE(backend().files().remove("x"));
    EXPECT_TRUE(backend().files().expired(15, 10).empty());
}

}  // namespace
}  // namespace chatter::storage::contract
