#include <gtest/gtest.h>

#include "features/messages/message_rules.hpp"
#include "features/messages/test_support.hpp"

namespace chatter::messages {
namespace {

using testing::code_of;

TEST(MessageRules, SnippetIsPlainCollapsedAndCutOnCharacters) {
    EXPECT_EQ(snippet("  a\n\n b\t\tc  "), "a b c");
    std::string long_text;
    for (int i = 0; i < 200; ++i) {
        long_text += "\xc3\xa9";  // é: two bytes, one character
    }
    const std::string cut = snippet(long_text);
    EXPECT_EQ(char_count(cut), kSnippetChars);
    EXPECT_EQ(cut.size(), 2 * kSnippetChars);
    EXPECT_EQ(snippet("<b>x</b>"), "<b>x</b>");  // never rendered server-side; the client escapes it
}

TEST(MessageRules, ContentValidation) {
    EXPECT_NO_THROW(validate_content(SendRequest{.text = "hi"}));
    EXPECT_EQ(code_of([] { validate_content(SendRequest{.text = " \n\t "}); }), "invalid_text");
    EXPECT_NO_THROW(validate_content(SendRequest{.text = "", .attachment = "/files/a.png"}));
    // Which file an attachment names is checked by owned_attachment (attachments_test.cpp).
    for (const std::string& bad : {std::string(), std::string(kMaxAttachmentChars + 1, 'a')}) {
        EXPECT_EQ(code_of([&] { validate_content(SendRequest{.text = "x", .attachment = bad}); }), "invalid_attachment")
            << bad.size();
    }
    EXPECT_EQ(code_of([] { validate_edit_text(""); }), "invalid_text");
}

TEST(MessageRules, SendRequestFromPayload) {
    const auto request =
        send_request_from(boost::json::object{{"text", "t"}, {"reply_to", 5}, {"attachment", nullptr}});
    EXPECT_EQ(request.text, "t");
    EXPECT_EQ(request.reply_to, std::optional<int64_t>(5));
    EXPECT_FALSE(request.attachment.has_value());
    EXPECT_EQ(code_of([] { send_request_from(boost::json::object{{"text", 5}}); }), "invalid_field");
    EXPECT_EQ(reference_from(boost::json::object{{"channel", 7}}, "channel"), "7");
    EXPECT_EQ(reference_from(boost::json::object{{"channel", "general"}}, "channel"), "general");
    EXPECT_EQ(code_of([] { reference_from(boost::json::object{}, "channel"); }), "missing_field");
}

}  // namespace
}  // namespace chatter::messages
