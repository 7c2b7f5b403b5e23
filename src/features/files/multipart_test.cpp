#include "features/files/multipart.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chatter::files {
namespace {

struct Parsed {
    std::vector<PartHeader> headers;
    std::vector<std::string> bodies;
    int ended = 0;
    bool ok = false;
};

// Feeds `body` in pieces of `step` bytes so delimiters split across feeds are exercised.
Parsed parse(const std::string& boundary, const std::string& body, size_t step = 1 << 20) {
    Parsed out;
    MultipartParser parser(
        boundary,
        {
            .part_begin =
                [&](const PartHeader& h) {
                    out.headers.push_back(h);
                    out.bodies.emplace_back();
                },
            .part_data = [&](std::string_view data) { out.bodies.back().append(data); },
            .part_end = [&] { ++out.ended; },
        }
    );
    bool fed = true;
    for (size_t i = 0; i < body.size() && fed; i += step) {
        fed = parser.feed(body.substr(i, step));
    }
    out.ok = fed && parser.finish();
    return out;
}

const std::string kBody =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"expires_in\"\r\n\r\n"
    "3600\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"a;b \\\"c\\\".txt\"\r\n"
    "Content-Type: text/plain\r\n\r\n"
    "line1\r\n--XyNot a delimiter\r\nline3\r\n"
    "--XyZ--\r\n";

TEST(MultipartBoundary, ExtractsQuotedAndPlainBoundaries) {
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc"), "abc");
    EXPECT_EQ(multipart_boundary("Multipart/Form-Data;boundary=\"a b\""), "a b");
    EXPECT_EQ(multipart_boundary("application/json"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'a')), std::nullopt);
}

TEST(MultipartParser, ParsesFieldsAndFileWhateverTheChunking) {
    for (size_t step : {size_t{1}, size_t{3}, size_t{7}, size_t{1} << 20}) {
        const Parsed parsed = parse("XyZ", kBody, step);
        ASSERT_TRUE(parsed.ok) << step;
        ASSERT_EQ(parsed.headers.size(), 2U);
        EXPECT_EQ(parsed.headers[0].name, "expires_in");
        EXPECT_FALSE(parsed.headers[0].filename.has_value());
        EXPECT_EQ(parsed.bodies[0], "3600");
        EXPECT_EQ(parsed.headers[1].name, "file");
        EXPECT_EQ(parsed.headers[1].filename, "a;b \"c\".txt");
        EXPECT_EQ(parsed.bodies[1], "line1\r\n--XyNot a delimiter\r\nline3");
        EXPECT_EQ(parsed.ended, 2);
    }
}

TEST(MultipartParser, AcceptsAnEmptyFile) {
    const Parsed parsed =
        parse("b", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"empty\"\r\n\r\n\r\n--b--\r\n");
    ASSERT_TRUE(parsed.ok);
    ASSERT_EQ(parsed.bodies.size(), 1U);
    EXPECT_EQ(parsed.bodies[0], "");
}

TEST(MultipartParser, WrongBoundaryNeverFinishes) {
    const Parsed parsed = parse("other", kBody);
    EXPECT_FALSE(parsed.ok);
    EXPECT_TRUE(parsed.headers.empty());
}

TEST(MultipartParser, TruncatedBodyIsMalformed) {
    for (size_t cut : {size_t{3}, size_t{20}, kBody.size() / 2, kBody.size() - 4}) {
        EXPECT_FALSE(parse("XyZ", kBody.substr(0, cut)).ok) << cut;
    }
}

TEST(MultipartParser, RefusesAPartWithoutFormDataDisposition) {
    EXPECT_FALSE(parse("b", "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--").ok);
    EXPECT_FALSE(parse("b", "--b\r\nContent-Disposition: attachment; name=\"f\"\r\n\r\nx\r\n--b--").ok);
    EXPECT_FALSE(parse("b", "--b\r\nno colon here\r\n\r\nx\r\n--b--").ok);
}

TEST(MultipartParser, RefusesGarbageAfterADelimiter) {
    EXPECT_FALSE(parse("b", "--bjunk\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n--b--").ok);
}

TEST(MultipartParser, RefusesAnEndlessHeaderBlock) {
    EXPECT_FALSE(parse("b", "--b\r\nX-Long: " + std::string(20000, 'a')).ok);
}

}  // namespace
}  // namespace chatter::files
