// Contract for the messaging stores: channels, DMs, group DMs.

#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/contract/backend_contract.hpp"

namespace chatter::storage::contract {
namespace {

std::string code_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& error) {
        return error.code();
    }
    return "no error";
}

TEST_P(ChannelStoreContract, GeneralExistsAndChannelsAreManaged) {
    auto channels = backend().channels().list();
    ASSERT_EQ(channels.size(), 1u);
    EXPECT_EQ(channels[0].name, "general");
    EXPECT_EQ(backend().channels().fetch_by_name("general")->id, channels[0].id);

    const auto news = backend().channels().insert("news", "Daily news", true);
    EXPECT_EQ(news.name, "news");
    EXPECT_EQ(news.topic, "Daily news");
    EXPECT_TRUE(news.announcements_only);
    EXPECT_EQ(code_of([&] { backend().channels().insert("news", "", false); }), "channel_exists");

    const auto renamed = backend().channels().update(news.id, ChannelChange{.name = "updates"});
    ASSERT_TRUE(renamed.has_value());
    EXPECT_EQ(renamed->name, "updates");
    EXPECT_EQ(renamed->topic, "Daily news");
    const auto toggled = backend().channels().update(news.id, ChannelChange{.announcements_only = false});
    EXPECT_FALSE(toggled->announcements_only);
    EXPECT_EQ(
        code_of([&] { backend().channels().update(news.id, ChannelChange{.name = "general"}); }), "channel_exists"
    );
    EXPECT_FALSE(backend().channels().update(9999, ChannelChange{.topic = "x"}).has_value());

    EXPECT_EQ(backend().channels().list().size(), 2u);
    EXPECT_TRUE(backend().channels().remove(news.id));
    EXPECT_FALSE(backend().channels().remove(news.id));
    EXPECT_EQ(code_of([&] { backend().channels().remove(channels[0].id); }), "last_channel");
}

TEST_P(ChannelStoreContract, MessagesPageOldestFirstWithReplies) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    const int64_t general = backend().channels().fetch_by_name("general")->id;
    const auto other = backend().channels().insert("other", "", false);
    std::vector<MessageRecord> sent;
    for (int i = 0; i < 5; ++i) {
        sent.push_back(backend().channels().insert_message(NewMessage{
            .conversation_id = general, .user_id = (i % 2 ? bob.id : alice.id), .text = "m" + std::to_string(i)}));
    }
    EXPECT_EQ(sent[1].username, "bob");
    EXPECT_EQ(sent[1].conversation_id, general);
    EXPECT_FALSE(sent[1].edited_at.has_value());

    const auto reply = backend().channels().insert_message(NewMessage{
        .conversation_id = general, .user_id = alice.id, .text = "re", .attachment = "/f/1", .reply_to = sent[1].id});
    EXPECT_EQ(reply.reply_to, sent[1].id);
    EXPECT_EQ(reply.reply_username, std::optional<std::string>("bob"));
    EXPECT_EQ(reply.reply_text, std::optional<std::string>("m1"));
    EXPECT_EQ(reply.attachment, std::optional<std::string>("/f/1"));
    // A reply id from another channel never resolves.
    const auto foreign = backend().channels().insert_message(NewMessage{
        .conversation_id = other.id, .user_id = alice.id, .text = "x", .reply_to = sent[1].id});
    EXPECT_FALSE(foreign.reply_username.has_value());

    const auto activity = backend().channels().activity(general);
    EXPECT_EQ(activity.message_count, 6);
    EXPECT_EQ(activity.last_message_at, reply.created_at);
    EXPECT_EQ(backend().channels().activity(other.id).message_count, 1);
    const auto empty = backend().channels().insert("empty", "", false);
    EXPECT_EQ(backend().channels().activity(empty.id).message_count, 0);
    EXPECT_FALSE(backend().channels().activity(empty.id).last_message_at.has_value());
    EXPECT_EQ(backend().channels().activity(987654).message_count, 0);

    const auto newest = backend().channels().fetch_messages(general, PageQuery{.before = std::nullopt, .limit = 3});
    ASSERT_EQ(newest.size(), 3u);
    EXPECT_EQ(newest[0].id, sent[3].id);
    EXPECT_EQ(newest[2].id, reply.id);
    const auto older = backend().channels().fetch_messages(general, PageQuery{.before = newest[0].id, .limit = 10});
    ASSERT_EQ(older.size(), 3u);
    EXPECT_EQ(older[0].id, sent[0].id);

    const auto edited = backend().channels().update_message_text(sent[1].id, "changed", unix_now());
    ASSERT_TRUE(edited.has_value());
    EXPECT_EQ(edited->text, "changed");
    EXPECT_TRUE(edited->edited_at.has_value());
    EXPECT_TRUE(backend().channels().remove_message(sent[1].id));
    EXPECT_FALSE(backend().channels().remove_message(sent[1].id));
    EXPECT_FALSE(backend().channels().fetch_message(sent[1].id).has_value());
    EXPECT_FALSE(backend().channels().fetch_message(reply.id)->reply_username.has_value());
    EXPECT_FALSE(backend().channels().update_message_text(sent[1].id, "x", 0).has_value());

    EXPECT_TRUE(backend().channels().remove(other.id));
    EXPECT_FALSE(backend().channels().fetch_message(foreign.id).has_value());
}

TEST_P(DmStoreContract, ConversationsPeersLogsAndSettings) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    const auto carol = add_user("carol");
    const auto a1 =
        backend().dms().insert(NewMessage{.user_id = alice.id, .to_user_id = bob.id, .text = "hi bob"}, true);
    EXPECT_EQ(a1.username, "alice");
    EXPECT_EQ(a1.to_username, "bob");
    const auto b1 = backend().dms().insert(
        NewMessage{.user_id = bob.id, .to_user_id = alice.id, .text = "hi", .reply_to = a1.id}, false
    );
    EXPECT_EQ(b1.reply_username, std::optional<std::string>("alice"));
    const auto c1 = backend().dms().insert(NewMessage{.user_id = carol.id, .to_user_id = alice.id, .text = "yo"}, true);
    // A reply to a message of another pair does not resolve.
    const auto c2 = backend().dms().insert(
        NewMessage{.user_id = carol.id, .to_user_id = alice.id, .text = "x", .reply_to = a1.id}, false
    );
    EXPECT_FALSE(c2.reply_text.has_value());

    const auto convo = backend().dms().fetch_conversation(bob.id, alice.id, PageQuery{.limit = 50});
    ASSERT_EQ(convo.size(), 2u);
    EXPECT_EQ(convo[0].id, a1.id);
    EXPECT_EQ(convo[1].id, b1.id);
    EXPECT_EQ(backend().dms().fetch_conversation(alice.id, bob.id, PageQuery{.before = b1.id, .limit = 50}).size(), 1u);
    EXPECT_EQ(backend().dms().peers(alice.id), (std::vector<std::string>{"carol", "bob"}));
    EXPECT_EQ(backend().dms().peers(bob.id), (std::vector<std::string>{"alice"}));

    const auto logs = backend().dms().fetch_logs(alice.id, PageQuery{.limit = 50});
    ASSERT_EQ(logs.size(), 2u);
    EXPECT_EQ(logs[0].dm_id, a1.id);
    EXPECT_EQ(logs[0].from_user, "alice");
    EXPECT_EQ(logs[0].to_user, "bob");
    EXPECT_EQ(logs[1].dm_id, c1.id);
    EXPECT_EQ(backend().dms().fetch_logs(bob.id, PageQuery{.limit = 50}).size(), 1u);

    EXPECT_EQ(backend().dms().update_text(a1.id, "edited", unix_now())->text, "edited");
    EXPECT_TRUE(backend().dms().remove(a1.id));
    EXPECT_FALSE(backend().dms().fetch(a1.id).has_value());
    EXPECT_FALSE(backend().dms().fetch(b1.id)->reply_text.has_value());

    EXPECT_EQ(backend().dms().allow_dms(bob.id), "everyone");
    backend().dms().set_allow_dms(bob.id, "nobody");
    EXPECT_EQ(backend().dms().allow_dms(bob.id), "nobody");
    backend().dms().set_allow_dms(bob.id, "everyone");
    EXPECT_EQ(backend().dms().allow_dms(bob.id), "everyone");
}

TEST_P(GdmStoreContract, ThreadsMembersBansAndMessages) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    const auto carol = add_user("carol");
    const auto thread = backend().gdms().create("Team", alice.id, {bob.id});
    EXPECT_EQ(thread.name, "Team");
    EXPECT_EQ(thread.owner, "alice");
    EXPECT_FALSE(thread.locked);
    EXPECT_EQ(thread.members, (std::vector<std::string>{"alice", "bob"}));
    EXPECT_TRUE(backend().gdms().is_member(thread.id, bob.id));
    EXPECT_FALSE(backend().gdms().is_member(thread.id, carol.id));
    const auto second = backend().gdms().create("Other", bob.id, {carol.id});

    const auto m1 =
        backend().gdms().insert_message(NewMessage{.conversation_id = thread.id, .user_id = bob.id, .text = "a"});
    auto bobs = backend().gdms().threads_for(bob.id);
    ASSERT_EQ(bobs.size(), 2u);
    EXPECT_EQ(bobs[0].id, thread.id);  // most recent activity first
    EXPECT_EQ(backend().gdms().threads_for(carol.id).size(), 1u);

    EXPECT_EQ(backend().gdms().add_members(thread.id, {carol.id, bob.id}), (std::vector<int64_t>{carol.id}));
    EXPECT_EQ(backend().gdms().fetch_messages(thread.id, PageQuery{.limit = 50}).size(), 1u);
    EXPECT_TRUE(backend().gdms().remove_member(thread.id, carol.id, true));
    EXPECT_FALSE(backend().gdms().remove_member(thread.id, carol.id, true));
    EXPECT_TRUE(backend().gdms().is_banned(thread.id, carol.id));
    backend().gdms().add_members(thread.id, {carol.id});
    EXPECT_FALSE(backend().gdms().is_banned(thread.id, carol.id));

    backend().gdms().rename(thread.id, "Renamed");
    backend().gdms().set_locked(thread.id, true);
    backend().gdms().set_owner(thread.id, bob.id);
    const auto fetched = backend().gdms().fetch(thread.id);
    EXPECT_EQ(fetched->name, "Renamed");
    EXPECT_TRUE(fetched->locked);
    EXPECT_EQ(fetched->owner, "bob");

    const auto reply = backend().gdms().insert_message(NewMessage{
        .conversation_id = thread.id, .user_id = alice.id, .text = "b", .reply_to = m1.id});
    EXPECT_EQ(reply.reply_username, std::optional<std::string>("bob"));
    EXPECT_EQ(backend().gdms().update_message_text(m1.id, "a2", unix_now())->text, "a2");
    EXPECT_TRUE(backend().gdms().remove_message(m1.id));
    EXPECT_FALSE(backend().gdms().fetch_message(m1.id).has_value());

    EXPECT_TRUE(backend().gdms().remove(thread.id));
    EXPECT_FALSE(backend().gdms().fetch(thread.id).has_value());
    EXPECT_FALSE(backend().gdms().fetch_message(reply.id).has_value());
    EXPECT_TRUE(backend().gdms().fetch(second.id).has_value());
}

TEST_P(GdmStoreContract, InvitesAreSingleUseAndExpire) {
    const auto alice = add_user("alice");
    const auto bob = add_user("bob");
    const auto carol = add_user("carol");
    const auto thread = backend().gdms().create("Team", alice.id, {});
    const int64_t now = unix_now();
    backend().gdms().create_invite(InviteRecord{
        .code = "CODE1", .thread_id = thread.id, .created_by = alice.id, .created_at = now, .expires_at = now + 60});
    backend().gdms().create_invite(InviteRecord{
        .code = "OLD", .thread_id = thread.id, .created_by = alice.id, .created_at = now - 100, .expires_at = now - 1});
    EXPECT_EQ(
        code_of([&] {
            backend().gdms().create_invite(InviteRecord{
                .code = "CODE1", .thread_id = thread.id, .created_by = alice.id, .created_at = now, .expires_at = now});
        }),
        "invite_exists"
    );
    EXPECT_EQ(backend().gdms().fetch_invite("CODE1")->thread_id, thread.id);
    EXPECT_FALSE(backend().gdms().fetch_invite("NOPE").has_value());

    EXPECT_TRUE(backend().gdms().claim_invite("CODE1", bob.id, now));
    EXPECT_TRUE(backend().gdms().is_member(thread.id, bob.id));
    EXPECT_EQ(backend().gdms().fetch_invite("CODE1")->used_by, std::optional<int64_t>(bob.id));
    EXPECT_FALSE(backend().gdms().claim_invite("CODE1", carol.id, now));
    EXPECT_FALSE(backend().gdms().claim_invite("OLD", carol.id, now));
    EXPECT_FALSE(backend().gdms().is_member(thread.id, carol.id));
}

}  // namespace
}  // namespace chatter::storage::contract
