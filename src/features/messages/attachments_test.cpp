#include <gtest/gtest.h>

#include <vector>

#include "core/time.hpp"
#include "features/messages/attachments.hpp"
#include "features/messages/test_support.hpp"

namespace chatter::messages {
namespace {

using testing::code_of;
using testing::make_user;

class AttachmentsTest : public ::testing::Test {
  protected:
    AttachmentsTest() : alice_(make_user(backend_, "alice")), bob_(make_user(backend_, "bob")) {}

    storage::FileRecord add_file(const std::string& id, const Principal& owner, int64_t expires_at) {
        storage::FileRecord file{
            .id = id,
            .name = "r\xc3\xa9sum\xc3\xa9 1.pdf",
            .size = 10,
            .mime_type = "application/pdf",
            .owner_id = owner.id,
            .created_at = unix_now() - 100,
            .expires_at = expires_at,
        };
        EXPECT_TRUE(backend_.files().insert_within_quota(file, 0, unix_now() - 100));
        return file;
    }

    std::string refusal(const Principal& sender, const std::string& attachment) {
        return code_of([&] { owned_attachment(backend_.files(), sender, attachment); });
    }

    storage::sqlite::testing::ScratchSqliteBackend backend_;
    Principal alice_, bob_;
};

TEST_F(AttachmentsTest, OwnLiveFileByUrlOrIdBecomesItsCanonicalUrl) {
    const auto file = add_file(std::string(32, 'b'), alice_, unix_now() + 3600);
    const std::string url = std::string{"/files/"}.append(file.id).append("/r%C3%A9sum%C3%A9%201.pdf");
    EXPECT_EQ(owned_attachment(backend_.files(), alice_, file.id), url);
    EXPECT_EQ(owned_attachment(backend_.files(), alice_, url), url);
    // The name part is not trusted: the stored url always carries the file's own name.
    EXPECT_EQ(
        owned_attachment(backend_.files(), alice_, std::string{"/files/"}.append(file.id).append("/other.exe")), url
    );
    EXPECT_EQ(owned_attachment(backend_.files(), alice_, std::nullopt), std::nullopt);
}

TEST_F(AttachmentsTest, ForeignExpiredUnknownAndMalformedAreRefused) {
    const auto bobs = add_file(std::string(32, 'c'), bob_, unix_now() + 3600);
    const auto expired = add_file(std::string(32, 'd'), alice_, unix_now() - 1);
    EXPECT_EQ(refusal(alice_, bobs.id), "invalid_attachment");
    EXPECT_EQ(refusal(alice_, std::string{"/files/"}.append(bobs.id).append("/x")), "invalid_attachment");
    EXPECT_EQ(refusal(alice_, expired.id), "invalid_attachment");
    EXPECT_EQ(refusal(alice_, std::string(32, 'e')), "invalid_attachment");
    const std::string upper = std::string{"/files/"}.append(32, 'C');
    const std::string short_id = std::string{"/files/"}.append(bobs.id.substr(1));
    for (const std::string& bad : std::vector<std::string>{
             "",
             "javascript:alert(1)",
             "//evil.org/x",
             "https://evil.org/files/x",
             "/files/",
             "/files/../etc/passwd",
             upper,
             short_id,
             std::string(31, 'c'),
             "/avatar.png"}) {
        EXPECT_EQ(refusal(alice_, bad), "invalid_attachment") << bad;
    }
}

}  // namespace
}  // namespace chatter::messages
