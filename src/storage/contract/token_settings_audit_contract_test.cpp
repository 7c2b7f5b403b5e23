#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/contract/backend_contract.hpp"

namespace chatter::storage::contract {
namespace {

TEST_P(TokenStoreContract, InsertRefusesPastThePerUserCap) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    backend().tokens().insert(alice.id, "a", "cap1", 2);
    backend().tokens().insert(alice.id, "b", "cap2", 2);
    try {
        backend().tokens().insert(alice.id, "c", "cap3", 2);
        ADD_FAILURE() << "third token accepted";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), "too_many_tokens");
    }
    EXPECT_EQ(backend().tokens().count_for_user(alice.id), 2);
    EXPECT_NO_THROW(backend().tokens().insert(bob.id, "b", "cap4", 2));
}

TEST_P(TokenStoreContract, InsertFetchCountAndDelete) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    const int64_t now = unix_now();
    const auto t1 = backend().tokens().insert(alice.id, "bot one", "th1", 10);
    const auto t2 = backend().tokens().insert(alice.id, "bot two", "th2", 10);
    backend().tokens().insert(bob.id, "bob's", "th3", 10);
    EXPECT_GE(t1.created_at, now);
    EXPECT_FALSE(t1.last_used_at.has_value());

    const auto fetched = backend().tokens().fetch_by_hash("th1");
    ASSERT_TRUE(fetched.has_value());
    EXPECT_EQ(fetched->id, t1.id);
    EXPECT_EQ(fetched->user_id, alice.id);
    EXPECT_EQ(fetched->name, "bot one");
    EXPECT_FALSE(backend().tokens().fetch_by_hash("nope").has_value());

    const auto list = backend().tokens().fetch_for_user(alice.id);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].id, t2.id);
    EXPECT_EQ(list[1].id, t1.id);
    EXPECT_EQ(backend().tokens().count_for_user(alice.id), 2);
    EXPECT_EQ(backend().tokens().count_for_user(bob.id), 1);

    backend().tokens().update_last_used(t1.id, now + 5);
    EXPECT_EQ(backend().tokens().fetch_by_hash("th1")->last_used_at, std::optional<int64_t>(now + 5));

    EXPECT_FALSE(backend().tokens().delete_for_user(t1.id, bob.id));
    EXPECT_TRUE(backend().tokens().delete_for_user(t1.id, alice.id));
    EXPECT_FALSE(backend().tokens().delete_for_user(t1.id, alice.id));
    EXPECT_EQ(backend().tokens().count_for_user(alice.id), 1);
}

TEST_P(SettingsStoreContract, UpsertAndFetch) {
    EXPECT_TRUE(backend().settings().fetch_all().empty());
    EXPECT_FALSE(backend().settings().fetch("MOTD").has_value());

    backend().settings().upsert({{"MOTD", "hello"}, {"REGISTRATION", "open"}});
    backend().settings().upsert({{"MOTD", "bye"}, {"UPLOADS", "off"}});

    const std::map<std::string, std::string> expected{{"MOTD", "bye"}, {"REGISTRATION", "open"}, {"UPLOADS", "off"}};
    EXPECT_EQ(backend().settings().fetch_all(), expected);
    EXPECT_EQ(backend().settings().fetch("MOTD"), std::optional<std::string>("bye"));
    backend().settings().upsert({});
    EXPECT_EQ(backend().settings().fetch_all().size(), 3u);
}

TEST_P(AuditStoreContract, PagesNewestFirst) {
    const int64_t now = unix_now();
    std::vector<AuditRecord> written;
    for (int i = 0; i < 5; ++i) {
        written.push_back(
            backend().audit().insert("admin", "ban", "user" + std::to_string(i), "{\"i\":" + std::to_string(i) + "}")
        );
    }
    EXPECT_GE(written[0].created_at, now);

    const auto first = backend().audit().fetch_page(std::nullopt, 2);
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0].id, written[4].id);
    EXPECT_EQ(first[1].id, written[3].id);
    EXPECT_EQ(first[0].actor, "admin");
    EXPECT_EQ(first[0].action, "ban");
    EXPECT_EQ(first[0].target, "user4");
    EXPECT_EQ(first[0].details, "{\"i\":4}");

    const auto second = backend().audit().fetch_page(first.back().id, 2);
    ASSERT_EQ(second.size(), 2u);
    EXPECT_EQ(second[0].id, written[2].id);
    EXPECT_EQ(second[1].id, written[1].id);

    const auto last = backend().audit().fetch_page(second.back().id, 10);
    ASSERT_EQ(last.size(), 1u);
    EXPECT_EQ(last[0].id, written[0].id);
    EXPECT_TRUE(backend().audit().fetch_page(written[0].id, 10).empty());
}

}  // namespace
}  // namespace chatter::storage::contract
