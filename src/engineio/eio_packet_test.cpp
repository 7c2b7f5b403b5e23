#include "engineio/eio_packet.hpp"

#include <gtest/gtest.h>

namespace chatter::engineio {
namespace {

TEST(EioPacket, DecodesEveryTypeDigit) {
    for (char c = '0'; c <= '6'; ++c) {
        auto packet = decode_text_packet(std::string(1, c) + "x");
        ASSERT_TRUE(packet) << c;
        EXPECT_EQ(static_cast<char>(packet->type), c);
        EXPECT_EQ(packet->body(), "x");
    }
}

TEST(EioPacket, RejectsUnknownTypeAndEmpty) {
    EXPECT_FALSE(decode_text_packet(""));
    EXPECT_FALSE(decode_text_packet("abc"));
    EXPECT_FALSE(decode_text_packet("7"));
    EXPECT_FALSE(decode_text_packet("b"));
}

TEST(EioPacket, OwnedTextDecodesLikeTheView) {
    for (const std::string text : {"4hello", "2probe", "6", "40{\"token\":\"x\"}"}) {
        const auto viewed = decode_text_packet(text);
        const auto owned = decode_owned_text_packet(std::string(text));
        ASSERT_TRUE(viewed && owned) << text;
        EXPECT_EQ(owned->type, viewed->type);
        EXPECT_EQ(owned->body(), viewed->body());
    }
    EXPECT_FALSE(decode_owned_text_packet(std::string()));
    EXPECT_FALSE(decode_owned_text_packet(std::string("abc")));
    EXPECT_FALSE(decode_owned_text_packet(std::string("7")));
}

TEST(EioPacket, ProbeAndMessageRoundTrip) {
    auto probe = decode_text_packet("2probe");
    ASSERT_TRUE(probe);
    EXPECT_EQ(probe->type, PacketType::kPing);
    EXPECT_EQ(probe->body(), "probe");
    EXPECT_EQ(encode_text_packet(make_packet(PacketType::kPong, "probe")), "3probe");
    EXPECT_EQ(encode_text_packet(make_packet(PacketType::kMessage, "hello")), "4hello");
}

TEST(EioPayload, JoinsRecordsWithSeparator) {
    std::vector<Packet> packets{
        make_packet(PacketType::kMessage, "test1"),
        make_packet(PacketType::kMessage, "test2"),
        make_packet(PacketType::kMessage, "test3")};
    EXPECT_EQ(
        encode_payload(packets),
        "4test1\x1e"
        "4test2\x1e"
        "4test3"
    );
}

TEST(EioPayload, BinaryIsBPlusBase64WithoutTypeDigit) {
    std::vector<Packet> packets{make_message(std::make_shared<const std::string>("\x01\x02\x03\x04", 4), true)};
    EXPECT_EQ(encode_payload(packets), "bAQIDBA==");
}

TEST(EioPayload, DecodesMixedPayload) {
    auto packets = decode_payload(
        "4hello\x1e"
        "bAQIDBA==\x1e"
        "2\x1e"
        "1"
    );
    ASSERT_TRUE(packets);
    ASSERT_EQ(packets->size(), 4u);
    EXPECT_EQ((*packets)[0].body(), "hello");
    EXPECT_TRUE((*packets)[1].binary);
    EXPECT_EQ((*packets)[1].body(), std::string("\x01\x02\x03\x04", 4));
    EXPECT_EQ((*packets)[2].type, PacketType::kPing);
    EXPECT_EQ((*packets)[3].type, PacketType::kClose);
}

TEST(EioPayload, RejectsInvalidRecords) {
    EXPECT_FALSE(decode_payload(""));
    EXPECT_FALSE(decode_payload("abc"));
    EXPECT_FALSE(decode_payload("4ok\x1e"));
    EXPECT_FALSE(
        decode_payload("\x1e"
                       "4ok")
    );
    EXPECT_FALSE(decode_payload("b!!!!"));
    EXPECT_FALSE(decode_payload("bA"));
}

TEST(EioPayload, MessageMayContainAnyTextButTheSeparator) {
    auto packets = decode_payload("4{\"a\":\"b,c\"}");
    ASSERT_TRUE(packets);
    EXPECT_EQ((*packets)[0].body(), "{\"a\":\"b,c\"}");
    auto empty = decode_payload("4");
    ASSERT_TRUE(empty);
    EXPECT_EQ((*empty)[0].body(), "");
}

TEST(Base64, RoundTripsAllLengths) {
    std::string bytes;
    for (int i = 0; i < 300; ++i) {
        auto decoded = base64_decode(base64_encode(bytes));
        ASSERT_TRUE(decoded);
        EXPECT_EQ(*decoded, bytes);
        bytes.push_back(static_cast<char>(i * 37));
    }
}

TEST(Base64, AcceptsUnpaddedAndKnownVectors) {
    EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(*base64_decode("Zm8"), "fo");
    EXPECT_EQ(*base64_decode("Zm9vYg=="), "foob");
    EXPECT_FALSE(base64_decode("Zm9vY"));
    EXPECT_FALSE(base64_decode("Zm-v"));
}

}  // namespace
}  // namespace chatter::engineio
