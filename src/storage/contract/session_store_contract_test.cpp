#include "core/time.hpp"
#include "storage/contract/backend_contract.hpp"

namespace chatter::storage::contract {
namespace {

TEST_P(SessionStoreContract, InsertAndFetchByHash) {
    const auto user = add_user("alice");
    const int64_t now = unix_now();
    const auto session = backend().sessions().insert(NewSession{
        .user_id = user.id, .token_hash = "hash-1", .expires_at = now + 3600, .user_agent = "Firefox", .ip = "::1"});
    EXPECT_GT(session.id, 0);
    EXPECT_GE(session.created_at, now);
    EXPECT_EQ(session.last_seen_at, session.created_at);

    const auto fetched = backend().sessions().fetch_by_hash("hash-1", now);
    ASSERT_TRUE(fetched.has_value());
    EXPECT_EQ(fetched->id, session.id);
    EXPECT_EQ(fetched->user_id, user.id);
    EXPECT_EQ(fetched->expires_at, now + 3600);
    EXPECT_EQ(fetched->user_agent, "Firefox");
    EXPECT_EQ(fetched->ip, "::1");
    EXPECT_FALSE(backend().sessions().fetch_by_hash("hash-2", now).has_value());
}

TEST_P(SessionStoreContract, ExpiredSessionIsNotFound) {
    const auto user = add_user("alice");
    backend().sessions().insert(NewSession{.user_id = user.id, .token_hash = "h", .expires_at = 1000});
    EXPECT_TRUE(backend().sessions().fetch_by_hash("h", 999).has_value());
    EXPECT_FALSE(backend().sessions().fetch_by_hash("h", 1000).has_value());
    EXPECT_TRUE(backend().sessions().fetch_for_user(user.id, 1000).empty());
}

TEST_P(SessionStoreContract, FetchForUserIsNewestFirstAndOwnOnly) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    const int64_t now = unix_now();
    const auto s1 =
        backend().sessions().insert(NewSession{.user_id = alice.id, .token_hash = "a1", .expires_at = now + 60});
    const auto s2 =
        backend().sessions().insert(NewSession{.user_id = alice.id, .token_hash = "a2", .expires_at = now + 60});
    backend().sessions().insert(NewSession{.user_id = alice.id, .token_hash = "old", .expires_at = now - 1});
    backend().sessions().insert(NewSession{.user_id = bob.id, .token_hash = "b1", .expires_at = now + 60});

    const auto sessions = backend().sessions().fetch_for_user(alice.id, now);
    ASSERT_EQ(sessions.size(), 2u);
    EXPECT_EQ(sessions[0].id, s2.id);
    EXPECT_EQ(sessions[1].id, s1.id);
}

TEST_P(SessionStoreContract, UpdatesLastSeen) {
    const auto user = add_user("alice");
    const int64_t now = unix_now();
    const auto session =
        backend().sessions().insert(NewSession{.user_id = user.id, .token_hash = "h", .expires_at = now + 60});
    backend().sessions().update_last_seen(session.id, now + 30);
    EXPECT_EQ(backend().sessions().fetch_by_hash("h", now)->last_seen_at, now + 30);
}

TEST_P(SessionStoreContract, DeleteForUserRefusesSomeoneElsesSession) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    const int64_t now = unix_now();
    const auto session =
        backend().sessions().insert(NewSession{.user_id = alice.id, .token_hash = "h", .expires_at = now + 60});

    EXPECT_FALSE(backend().sessions().delete_for_user(session.id, bob.id));
    EXPECT_TRUE(backend().sessions().fetch_by_hash("h", now).has_value());
    EXPECT_TRUE(backend().sessions().delete_for_user(session.id, alice.id));
    EXPECT_FALSE(backend().sessions().fetch_by_hash("h", now).has_value());
    EXPECT_FALSE(backend().sessions().delete_for_user(session.id, alice.id));
}

TEST_P(SessionStoreContract, DeleteAllForUserKeepsOne) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    const int64_t now = unix_now();
    std::vector<SessionRecord> mine;
    for (const char* hash : {"a1", "a2", "a3"}) {
        mine.push_back(backend().sessions().insert(NewSession{
            .user_id = alice.id, .token_hash = hash, .expires_at = now + 60}));
    }
    backend().sessions().insert(NewSession{.user_id = bob.id, .token_hash = "b1", .expires_at = now + 60});

    EXPECT_EQ(backend().sessions().delete_all_for_user(alice.id, mine[1].id), 2);
    const auto left = backend().sessions().fetch_for_user(alice.id, now);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].id, mine[1].id);

    EXPECT_EQ(backend().sessions().delete_all_for_user(alice.id, std::nullopt), 1);
    EXPECT_TRUE(backend().sessions().fetch_for_user(alice.id, now).empty());
    EXPECT_EQ(backend().sessions().fetch_for_user(bob.id, now).size(), 1u);
}

TEST_P(SessionStoreContract, DeleteExpiredCountsRows) {
    const auto user = add_user("alice");
    backend().sessions().insert(NewSession{.user_id = user.id, .token_hash = "a", .expires_at = 100});
    backend().sessions().insert(NewSession{.user_id = user.id, .token_hash = "b", .expires_at = 200});
    backend().sessions().insert(NewSession{.user_id = user.id, .token_hash = "c", .expires_at = 300});
    EXPECT_EQ(backend().sessions().delete_expired(200), 2);
    EXPECT_EQ(backend().sessions().delete_expired(200), 0);
    EXPECT_TRUE(backend().sessions().fetch_by_hash("c", 200).has_value());
}

}  // namespace
}  // namespace chatter::storage::contract
