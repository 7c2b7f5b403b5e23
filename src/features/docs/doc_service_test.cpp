// DocService: create validation (nothing half-created), role matrix, member events, OT pipeline
// (transform over accepted edits, durable revisions), full-content edits, restore, export.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "features/docs/doc_routes.hpp"
#include "features/docs/doc_service.hpp"
#include "features/messages/test_support.hpp"

namespace chatter::docs {
namespace {

using messages::testing::code_of;
using messages::testing::make_user;

TextOp parse(const char* text) {
    return op_from_json(boost::json::parse(text));
}

class DocServiceTest : public ::testing::Test {
  protected:
    DocServiceTest()
        : service_(backend_, sink_),
          alice_(make_user(backend_, "alice")),
          bob_(make_user(backend_, "bob")),
          carol_(make_user(backend_, "carol")),
          admin_(make_user(backend_, "root", "admin")) {}

    int64_t notes() {
        const auto doc = service_.create(alice_, "Notes", "hello", {{"bob", "editor"}, {"carol", "viewer"}});
        sink_.take();
        return doc.id;
    }

    storage::sqlite::testing::ScratchSqliteBackend backend_;
    messages::testing::RecordingSink sink_;
    DocService service_;
    Principal alice_, bob_, carol_, admin_;
    RoomEmit no_emit_;
};

TEST_F(DocServiceTest, CreateRefusesBadInputWithoutCreatingAnything) {
    EXPECT_EQ(code_of([&] { service_.create(alice_, "D", "", {{"ghost", "editor"}}); }), "user_not_found");
    EXPECT_EQ(code_of([&] { service_.create(alice_, "D", "", {{"bob", "owner"}}); }), "invalid_role");
    EXPECT_EQ(
        code_of([&] {
            service_.create(alice_, "D", "", {{"bob", "viewer"}, {"bob", "editor"}});
        }),
        "invalid_members"
    );
    EXPECT_EQ(code_of([&] { service_.create(alice_, " ", "", {}); }), "invalid_name");
    EXPECT_EQ(
        code_of([&] { service_.create(alice_, "D", std::string(kMaxContentBytes + 1, 'x'), {}); }), "content_too_large"
    );
    EXPECT_TRUE(service_.list(alice_).empty());
    EXPECT_TRUE(service_.list(bob_).empty());
}

TEST_F(DocServiceTest, RoleMatrix) {
    const auto id = notes();
    EXPECT_EQ(service_.get(alice_, id).role, "creator");
    EXPECT_EQ(service_.get(bob_, id).role, "editor");
    EXPECT_EQ(service_.get(carol_, id).role, "viewer");
    EXPECT_EQ(code_of([&] { service_.get(admin_, id); }), "doc_not_found");
    EXPECT_EQ(code_of([&] { service_.submit(carol_, id, 0, parse(R"([5, "!"])"), no_emit_); }), "forbidden");
    EXPECT_EQ(code_of([&] { service_.add_member(bob_, id, "root", "viewer"); }), "forbidden");
    EXPECT_EQ(code_of([&] { service_.remove(bob_, id); }), "forbidden");
    EXPECT_EQ(code_of([&] { service_.update_member_role(alice_, id, "alice", "viewer"); }), "creator_role_fixed");
    EXPECT_EQ(code_of([&] { service_.add_member(alice_, id, "bob", "viewer"); }), "already_member");
    EXPECT_EQ(service_.members(carol_, id).size(), 3U);
}

TEST_F(DocServiceTest, MemberChangesAnnounceAndTakeEffectAtOnce) {
    const auto id = notes();
    std::vector<std::pair<int64_t, std::string>> lost;
    service_.set_access_lost([&](int64_t doc, const std::string& user) { lost.emplace_back(doc, user); });
    service_.update_member_role(alice_, id, "bob", "viewer");
    EXPECT_EQ(
        sink_.targets_of("doc_member_role_updated"),
        (std::vector<std::string>{"room:doc:" + std::to_string(id), "user:bob"})
    );
    EXPECT_EQ(code_of([&] { service_.submit(bob_, id, 0, parse(R"([5, "!"])"), no_emit_); }), "forbidden");
    service_.remove_member(alice_, id, "carol");
    EXPECT_EQ(lost, (std::vector<std::pair<int64_t, std::string>>{{id, "carol"}}));
    EXPECT_EQ(code_of([&] { service_.get(carol_, id); }), "doc_not_found");
    service_.remove(alice_, id);
    EXPECT_EQ(code_of([&] { service_.get(alice_, id); }), "doc_not_found");
    EXPECT_EQ(sink_.targets_of("doc_deleted").size(), 3U);  // room, alice, bob
}

TEST_F(DocServiceTest, ConcurrentOpsAreTransformedAndDurable) {
    const auto id = notes();
    std::vector<std::string> emitted;
    const RoomEmit emit = [&](const std::string& event, const boost::json::value&) { emitted.push_back(event); };
    EXPECT_EQ(service_.submit(alice_, id, 0, parse(R"([5, " world"])"), emit).revision, 1);
    // Bob typed at revision 0 without having seen Alice's edit.
    const auto accepted = service_.submit(bob_, id, 0, parse(R"(["Oh, ", 5])"), emit);
    EXPECT_EQ(accepted.revision, 2);
    EXPECT_EQ(service_.get(bob_, id).content, "Oh, hello world");
    EXPECT_EQ(service_.get(bob_, id).revision, 2);
    EXPECT_EQ(emitted, (std::vector<std::string>{"doc_op", "doc_updated", "doc_op", "doc_updated"}));
    EXPECT_EQ(code_of([&] { service_.submit(bob_, id, 7, parse(R"([15])"), emit); }), "invalid_revision");
    EXPECT_EQ(code_of([&] { service_.submit(bob_, id, 2, parse(R"([3])"), emit); }), "invalid_op");
    EXPECT_EQ(service_.revisions(carol_, id, std::nullopt, 10).size(), 3U);
    EXPECT_EQ(service_.content_at(carol_, id, 1), "hello world");
}

TEST_F(DocServiceTest, FullContentEditMergesWithUnseenEdits) {
    const auto id = notes();
    service_.submit(alice_, id, 0, parse(R"([5, "!"])"), no_emit_);
    // Bob's full-content client still shows revision 0 and prepends a word.
    service_.submit_content(bob_, id, 0, "well hello", no_emit_);
    EXPECT_EQ(service_.get(alice_, id).content, "well hello!");
}

TEST_F(DocServiceTest, ManyEditsStoreSnapshotsAndReloadFromSnapshotPlusOps) {
    const auto id = notes();
    std::string expected = "hello";
    for (int r = 1; r <= 250; ++r) {
        const auto letter = std::string(1, static_cast<char>('a' + r % 26));
        service_.submit(
            bob_,
            id,
            r - 1,
            op_from_json(boost::json::array{static_cast<int64_t>(expected.size()), letter.c_str()}),
            no_emit_
        );
        expected += letter;
    }
    // Only every hundredth revision stored the whole text.
    const auto stored = backend_.docs().fetch(id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->revision, 250);
    EXPECT_EQ(stored->content_revision, 200);
    EXPECT_EQ(stored->content, expected.substr(0, 5 + 200));
    // A fresh service (a restarted server) rebuilds the head from that snapshot and the ops after.
    DocService restarted(backend_, sink_);
    const auto doc = restarted.get(bob_, id);
    EXPECT_EQ(doc.content, expected);
    EXPECT_EQ(doc.revision, 250);
    EXPECT_EQ(restarted.join(bob_, id, [] {}).content, expected);
    EXPECT_EQ(restarted.submit(bob_, id, 250, parse(R"([255, "!"])"), no_emit_).revision, 251);
    EXPECT_EQ(restarted.content_at(bob_, id, 210), expected.substr(0, 5 + 210));
    EXPECT_EQ(restarted.get(alice_, id).content, expected + "!");
}

TEST_F(DocServiceTest, RestoreIsANewRevision) {
    const auto id = notes();
    service_.submit(alice_, id, 0, parse(R"([-5, "bye"])"), no_emit_);
    EXPECT_EQ(code_of([&] { service_.restore(carol_, id, 0); }), "forbidden");
    EXPECT_EQ(service_.restore(bob_, id, 0), 2);
    EXPECT_EQ(service_.get(alice_, id).content, "hello");
    EXPECT_EQ(code_of([&] { service_.content_at(alice_, id, 9); }), "revision_not_found");
}

TEST(DocExport, HtmlIsEscaped) {
    const auto html = export_body("<b>", "<script>alert(1)</script> & \"", "html");
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;"), std::string::npos);
    EXPECT_EQ(export_body("n", "# x", "md"), "# x");
    EXPECT_EQ(code_of([] { export_body("n", "x", "pdf"); }), "invalid_format");
}

// Two nodes of a cluster: two services over one database, each with its own cache of the head.
TEST_F(DocServiceTest, AnotherNodesEditsAreTransformedOverNotLostOrRefused) {
    const auto id = notes();
    DocService other_node(backend_, sink_);
    EXPECT_EQ(other_node.get(bob_, id).content, "hello");  // its cache now holds revision 0
    EXPECT_EQ(service_.submit(alice_, id, 0, parse(R"([5, " world"])"), no_emit_).revision, 1);
    // The other node's head is stale: the commit fails there, it reloads and transforms again.
    const auto accepted = other_node.submit(bob_, id, 0, parse(R"(["Oh, ", 5])"), no_emit_);
    EXPECT_EQ(accepted.revision, 2);
    EXPECT_EQ(service_.get(alice_, id).content, "Oh, hello world");
    EXPECT_EQ(other_node.get(bob_, id).content, "Oh, hello world");
    // A client of the other node that saw revision 2 may build on it though its node never sent it.
    EXPECT_EQ(service_.submit(alice_, id, 2, parse(R"([15, "!"])"), no_emit_).revision, 3);
    EXPECT_EQ(other_node.submit_content(bob_, id, 3, "Oh, hello world!?", no_emit_).revision, 4);
    EXPECT_EQ(service_.get(alice_, id).content, "Oh, hello world!?");
    // A join on a node whose cache is behind sees the stored head.
    EXPECT_EQ(service_.join(bob_, id, [] {}).revision, 4);
    service_.remove(alice_, id);
    EXPECT_EQ(code_of([&] { other_node.submit(bob_, id, 4, parse(R"([17, "x"])"), no_emit_); }), "doc_not_found");
}

}  // namespace
}  // namespace chatter::docs
