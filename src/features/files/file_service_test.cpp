#include "features/files/file_service.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.hpp"
#include "features/messages/test_support.hpp"

namespace chatter::files {
namespace {

namespace fs = std::filesystem;
using messages::testing::make_user;

class FileServiceTest : public ::testing::Test {
  protected:
    FileServiceTest()
        : service_(
              backend_,
              FilesOptions{.data_dir = dir_.path(), .max_upload_bytes = 100, .min_expiry_s = 1, .user_quota_bytes = 150}
          ) {}

    // A multipart body written where the session would have streamed it.
    fs::path body_file(const std::string& content) {
        const fs::path path = dir_.path() / ("body-" + std::to_string(++bodies_));
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }

    static std::string one_file(const std::string& name, const std::string& data, const std::string& extra = "") {
        return "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n\r\n" + data +
               "\r\n" + extra + "--b--\r\n";
    }

    size_t files_on_disk() {
        size_t n = 0;
        for (const auto& entry : fs::recursive_directory_iterator(dir_.path() / "files")) {
            n += entry.is_regular_file() ? 1 : 0;
        }
        return n;
    }

    storage::sqlite::testing::TempDir dir_;
    storage::sqlite::testing::ScratchSqliteBackend backend_;
    FileService service_;
    int bodies_ = 0;
    static constexpr std::string_view kType = "multipart/form-data; boundary=b";
};

TEST(FileNames, KeepOnlyTheLastComponentWithoutControlCharacters) {
    EXPECT_EQ(sanitize_file_name("../../etc/passwd"), "passwd");
    EXPECT_EQ(sanitize_file_name("C:\\temp\\a.txt"), "a.txt");
    EXPECT_EQ(sanitize_file_name("a\nb\x01.txt"), "ab.txt");
    EXPECT_EQ(sanitize_file_name(".."), "file");
    EXPECT_EQ(sanitize_file_name("dir/"), "file");
    EXPECT_EQ(sanitize_file_name(std::string(300, 'x')).size(), 255U);
    // 254 ASCII bytes then a 2-byte character: cutting at 255 would split it.
    EXPECT_EQ(sanitize_file_name(std::string(254, 'x') + "\xc3\xa9").size(), 254U);
}

TEST(FileTypes, OnlyPassiveTypesAreInline) {
    EXPECT_TRUE(inline_safe("image/png"));
    EXPECT_TRUE(inline_safe("application/pdf"));
    EXPECT_TRUE(inline_safe("text/plain"));
    EXPECT_TRUE(inline_safe("video/mp4"));
    EXPECT_FALSE(inline_safe("image/svg+xml"));
    EXPECT_FALSE(inline_safe("text/html"));
    EXPECT_FALSE(inline_safe("application/xhtml+xml"));
    EXPECT_FALSE(inline_safe("application/octet-stream"));
}

TEST_F(FileServiceTest, UploadStoresUnderARandomIdWithTheDetectedType) {
    const auto user = make_user(backend_, "alice");
    const auto file = service_.upload(user, body_file(one_file("../x.html", "<html><script>1</script></html>")), kType);
    EXPECT_EQ(file.name, "x.html");
    EXPECT_EQ(file.mime_type, "text/html");
    EXPECT_TRUE(fs::exists(service_.path_of(file.id)));
    EXPECT_EQ(service_.info(user, file.id).size, file.size);
}

TEST_F(FileServiceTest, FailuresLeaveNothingOnDisk) {
    const auto user = make_user(backend_, "bob");
    EXPECT_THROW(service_.upload(user, body_file(one_file("big", std::string(101, 'a'))), kType), Error);
    EXPECT_THROW(service_.upload(user, body_file(one_file("t", "x").substr(0, 30)), kType), Error);
    EXPECT_THROW(
        service_.upload(
            user,
            body_file(one_file("e", "x", "--b\r\nContent-Disposition: form-data; name=\"expires_in\"\r\n\r\nsoon\r\n")),
            kType
        ),
        Error
    );
    service_.upload(user, body_file(one_file("a", std::string(100, 'a'))), kType);
    try {
        service_.upload(user, body_file(one_file("b", std::string(60, 'b'))), kType);
        FAIL() << "over quota";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), "quota_exceeded");
    }
    EXPECT_EQ(files_on_disk(), 1U);
}

TEST_F(FileServiceTest, OthersCannotSeeOrDeleteAndAdminDeletesAreAudited) {
    const auto owner = make_user(backend_, "carol");
    const auto other = make_user(backend_, "dave");
    const auto admin = make_user(backend_, "erin", "admin");
    const auto file = service_.upload(owner, body_file(one_file("a", "x")), kType);
    EXPECT_THROW(service_.info(other, file.id), Error);
    EXPECT_THROW(service_.remove(other, file.id), Error);
    EXPECT_THROW(service_.list(other, true), Error);
    EXPECT_EQ(service_.list(admin, true).size(), 1U);
    service_.remove(admin, file.id);
    EXPECT_FALSE(service_.find(file.id).has_value());
    EXPECT_FALSE(fs::exists(service_.path_of(file.id)));
    const auto audit = backend_.audit().fetch_page(std::nullopt, 10);
    ASSERT_EQ(audit.size(), 1U);
    EXPECT_EQ(audit[0].action, "file_delete");
    EXPECT_EQ(audit[0].target, "carol");
}

TEST_F(FileServiceTest, SweepRemovesExpiredBytesAndRows) {
    const auto user = make_user(backend_, "frank");
    const auto keep = service_.upload(user, body_file(one_file("k", "x")), kType);
    storage::FileRecord old{
        .id = std::string(32, 'a'),
        .name = "old",
        .size = 1,
        .mime_type = "text/plain",
        .owner_id = user.id,
        .created_at = 1,
        .expires_at = 2};
    std::ofstream(service_.path_of(old.id)) << "x";
    ASSERT_TRUE(backend_.files().insert_within_quota(old, 0, 1));
    EXPECT_FALSE(service_.find(old.id).has_value());
    EXPECT_EQ(service_.sweep(), 1);
    EXPECT_FALSE(fs::exists(service_.path_of(old.id)));
    EXPECT_TRUE(backend_.files().expired(INT64_MAX, 10).size() == 1U);  // only `keep`, far in the future
    EXPECT_TRUE(service_.find(keep.id).has_value());
}

TEST_F(FileServiceTest, OldBytesWithoutARowAreRemovedAndNothingElse) {
    const auto user = make_user(backend_, "gina");
    const auto live = service_.upload(user, body_file(one_file("live", "x")), kType);
    const auto two_hours_ago = fs::file_time_type::clock::now() - std::chrono::hours(2);
    const auto stored = [&](const std::string& name, bool old) {
        const fs::path path = dir_.path() / "files" / name;
        std::ofstream(path) << "x";
        if (old) {
            fs::last_write_time(path, two_hours_ago);
        }
        return path;
    };
    fs::last_write_time(service_.path_of(live.id), two_hours_ago);
    const fs::path orphan = stored(std::string(32, 'b'), true);
    const fs::path committing = stored(std::string(32, 'c'), false);  // a node may be recording it now
    const fs::path foreign = stored("README", true);                  // not ours to judge
    const fs::path in_progress = stored("tmp/" + std::string(32, 'd'), true);

    EXPECT_EQ(service_.remove_orphans(std::chrono::hours(1)), 1);
    EXPECT_FALSE(fs::exists(orphan));
    EXPECT_TRUE(fs::exists(service_.path_of(live.id)));
    EXPECT_TRUE(fs::exists(committing));
    EXPECT_TRUE(fs::exists(foreign));
    EXPECT_TRUE(fs::exists(in_progress));
    EXPECT_TRUE(service_.find(live.id).has_value());
    EXPECT_EQ(service_.remove_orphans(std::chrono::hours(1)), 0);
}

TEST_F(FileServiceTest, RefusesIdsThatAreNotHex) {
    EXPECT_FALSE(service_.find("../../chatter.db").has_value());
    EXPECT_FALSE(service_.find(std::string(32, 'G')).has_value());
}

}  // namespace
}  // namespace chatter::files
