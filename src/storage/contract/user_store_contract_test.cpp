#include <algorithm>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/contract/backend_contract.hpp"

namespace chatter::storage::contract {
namespace {

std::vector<std::string> names_of(const std::vector<UserRecord>& users) {
    std::vector<std::string> names;
    for (const auto& user : users) {
        names.push_back(user.username);
    }
    return names;
}

TEST_P(UserStoreContract, InsertReturnsStoredRowAndFetchesById) {
    const int64_t before = unix_now();
    const UserRecord alice = backend().users().insert(
        NewUser{.username = "Alice", .password_hash = "h1", .role = "admin", .email = "a@example.org"}, false
    );
    EXPECT_GT(alice.id, 0);
    EXPECT_EQ(alice.username, "Alice");
    EXPECT_EQ(alice.role, "admin");
    EXPECT_GE(alice.created_at, before);
    EXPECT_FALSE(alice.banned);

    const auto fetched = backend().users().fetch_by_id(alice.id);
    ASSERT_TRUE(fetched.has_value());
    EXPECT_EQ(fetched->username, "Alice");
    EXPECT_EQ(fetched->password_hash, "h1");
    EXPECT_EQ(fetched->role, "admin");
    EXPECT_EQ(fetched->email, std::optional<std::string>("a@example.org"));
    EXPECT_EQ(fetched->created_at, alice.created_at);
    EXPECT_FALSE(fetched->ban_reason.has_value());
    EXPECT_FALSE(backend().users().fetch_by_id(alice.id + 1000).has_value());
}

TEST_P(UserStoreContract, FetchByNameIgnoresCaseAndKeepsStoredSpelling) {
    add_user("MiXeD");
    for (const char* query : {"MiXeD", "mixed", "MIXED"}) {
        const auto user = backend().users().fetch_by_name(query);
        ASSERT_TRUE(user.has_value()) << query;
        EXPECT_EQ(user->username, "MiXeD");
        EXPECT_FALSE(user->email.has_value());
    }
    EXPECT_FALSE(backend().users().fetch_by_name("mixe").has_value());
}

TEST_P(UserStoreContract, SameNameInOtherCaseIsTaken) {
    add_user("alice");
    try {
        add_user("ALICE");
        FAIL() << "duplicate accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.errc(), Errc::kConflict);
        EXPECT_EQ(e.code(), "username_taken");
        EXPECT_EQ(e.message(), "That username is taken.");
    }
    EXPECT_EQ(backend().users().count(), 1);
    EXPECT_EQ(backend().users().fetch_by_name("alice")->username, "alice");
}

TEST_P(UserStoreContract, FirstUserBecomesSuperadminOnlyWhenAsked) {
    EXPECT_EQ(add_user("first", true).role, "superadmin");
    EXPECT_EQ(add_user("second", true).role, "user");
    EXPECT_EQ(backend().users().fetch_by_name("first")->role, "superadmin");
}

TEST_P(UserStoreContract, FirstUserKeepsRoleWithoutFlag) {
    EXPECT_EQ(add_user("first", false).role, "user");
}

TEST_P(UserStoreContract, RacingFirstRegistrationsElectExactlyOneSuperadmin) {
    constexpr int kThreads = 8;
    std::vector<std::string> roles(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] { roles[i] = add_user("racer" + std::to_string(i), true).role; });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(std::count(roles.begin(), roles.end(), "superadmin"), 1);
    EXPECT_EQ(std::count(roles.begin(), roles.end(), "user"), kThreads - 1);
    EXPECT_EQ(backend().users().count(), kThreads);
}

TEST_P(UserStoreContract, FetchByPrefixIsCaseInsensitiveOrderedAndLimited) {
    for (const char* name : {"Alice", "bob", "ALBERT", "alfred", "Al"}) {
        add_user(name);
    }
    using Names = std::vector<std::string>;
    EXPECT_EQ(names_of(backend().users().fetch_by_prefix("al", 10)), (Names{"Al", "ALBERT", "alfred", "Alice"}));
    EXPECT_EQ(names_of(backend().users().fetch_by_prefix("AL", 2)), (Names{"Al", "ALBERT"}));
    EXPECT_EQ(names_of(backend().users().fetch_by_prefix("alf", 10)), (Names{"alfred"}));
    EXPECT_EQ(backend().users().fetch_by_prefix("", 10).size(), 5u);
    EXPECT_TRUE(backend().users().fetch_by_prefix("z", 10).empty());
    EXPECT_TRUE(backend().users().fetch_by_prefix("al", 0).empty());
    EXPECT_TRUE(backend().users().fetch_by_prefix("%", 10).empty());
}

TEST_P(UserStoreContract, CountsAccounts) {
    EXPECT_EQ(backend().users().count(), 0);
    add_user("one");
    add_user("two");
    EXPECT_EQ(backend().users().count(), 2);
}

TEST_P(UserStoreContract, UpdatesPasswordAndRole) {
    const auto user = add_user("carol");
    EXPECT_TRUE(backend().users().update_password(user.id, "new-hash"));
    EXPECT_TRUE(backend().users().update_role(user.id, "admin"));
    const auto fetched = backend().users().fetch_by_id(user.id);
    EXPECT_EQ(fetched->password_hash, "new-hash");
    EXPECT_EQ(fetched->role, "admin");
    EXPECT_FALSE(backend().users().update_password(user.id + 1000, "x"));
    EXPECT_FALSE(backend().users().update_role(user.id + 1000, "user"));
}

TEST_P(UserStoreContract, RejectsUnknownRole) {
    const auto user = add_user("dave");
    EXPECT_THROW(backend().users().update_role(user.id, "root"), Error);
    EXPECT_THROW(
        backend().users().insert(NewUser{.username = "eve", .password_hash = "h", .role = "god"}, false), Error
    );
    EXPECT_EQ(backend().users().fetch_by_id(user.id)->role, "user");
}

TEST_P(UserStoreContract, BansAndUnbans) {
    const auto user = add_user("mallory");
    EXPECT_TRUE(backend().users().update_banned(user.id, true, std::string("spam")));
    auto fetched = backend().users().fetch_by_id(user.id);
    EXPECT_TRUE(fetched->banned);
    EXPECT_EQ(fetched->ban_reason, std::optional<std::string>("spam"));

    EXPECT_TRUE(backend().users().update_banned(user.id, false, std::nullopt));
    fetched = backend().users().fetch_by_id(user.id);
    EXPECT_FALSE(fetched->banned);
    EXPECT_FALSE(fetched->ban_reason.has_value());
    EXPECT_FALSE(backend().users().update_banned(user.id + 1000, true, std::nullopt));
}

}  // namespace
}  // namespace chatter::storage::contract
