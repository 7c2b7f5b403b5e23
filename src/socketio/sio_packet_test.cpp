#include "socketio/sio_packet.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace chatter::socketio {
namespace {

namespace json = boost::json;

Packet event(std::string nsp, std::string_view payload, std::optional<uint64_t> id = std::nullopt) {
    Packet packet;
    packet.type = PacketType::kEvent;
    packet.nsp = std::move(nsp);
    packet.id = id;
    packet.data = json::parse(payload);
    return packet;
}

TEST(SioEncode, ConnectDisconnectAndNamespaces) {
    Packet connect;
    connect.type = PacketType::kConnect;
    EXPECT_EQ(encode(connect), "0");
    connect.data = json::parse(R"({"sid":"abc"})");
    EXPECT_EQ(encode(connect), R"(0{"sid":"abc"})");
    connect.nsp = "/admin";
    EXPECT_EQ(encode(connect), R"(0/admin,{"sid":"abc"})");
    Packet disconnect;
    disconnect.type = PacketType::kDisconnect;
    disconnect.nsp = "/admin";
    EXPECT_EQ(encode(disconnect), "1/admin,");
}

TEST(SioEncode, EventKeepsExactJsonSpelling) {
    EXPECT_EQ(encode(event("/", R"(["message-back",1,"2",{"3":[true]}])")), R"(2["message-back",1,"2",{"3":[true]}])");
    EXPECT_EQ(encode(event("/custom", R"(["auth",{"token":"abc"}])")), R"(2/custom,["auth",{"token":"abc"}])");
    EXPECT_EQ(encode(event("/", R"(["a",{"z":1,"a":2}])", 0)), R"(20["a",{"z":1,"a":2}])");
}

TEST(SioEncode, BinaryPromotesTypeAndCountsAttachments) {
    Packet packet;
    packet.type = PacketType::kEvent;
    json::array args{"message-back"};
    args.push_back(add_buffer(packet.buffers, "\x01\x02"));
    args.push_back(add_buffer(packet.buffers, "\x03"));
    packet.data = args;
    EXPECT_EQ(encode(packet), R"(52-["message-back",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])");
    packet.type = PacketType::kAck;
    packet.data = json::array{};
    packet.id = 789;
    EXPECT_EQ(encode(packet), "62-789[]");
}

TEST(SioDecode, NamespaceEndsAtCommaOrEnd) {
    auto a = decode_text("0/random");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->packet.type, PacketType::kConnect);
    EXPECT_EQ(a->packet.nsp, "/random");
    EXPECT_FALSE(a->packet.data);
    auto b = decode_text("1/custom");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->packet.nsp, "/custom");
    auto c = decode_text(R"(0/admin,{"token":"x"})");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->packet.nsp, "/admin");
    EXPECT_EQ(json::serialize(*c->packet.data), R"({"token":"x"})");
    auto d = decode_text("0");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->packet.nsp, "/");
}

TEST(SioDecode, AckIdsIncludingZero) {
    auto a = decode_text(R"(20["hi"])");
    ASSERT_TRUE(a);
    ASSERT_TRUE(a->packet.id);
    EXPECT_EQ(*a->packet.id, 0u);
    auto b = decode_text(R"(2/admin,456["hi"])");
    ASSERT_TRUE(b);
    EXPECT_EQ(*b->packet.id, 456u);
    auto c = decode_text("3/admin,7[]");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->packet.type, PacketType::kAck);
    EXPECT_EQ(*c->packet.id, 7u);
    EXPECT_FALSE(decode_text(R"(21234567890123456["x"])"));
}

TEST(SioDecode, AttachmentsCount) {
    auto a = decode_text(R"(52-["m",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->attachments, 2u);
    auto b = decode_text(R"(62-789[{"_placeholder":true,"num":0}])");
    ASSERT_TRUE(b);
    EXPECT_EQ(*b->packet.id, 789u);
    EXPECT_FALSE(decode_text(R"(5["m"])"));
    EXPECT_FALSE(decode_text(R"(50-["m"])"));
    EXPECT_FALSE(decode_text(R"(511-["m"])"));
    EXPECT_FALSE(decode_text(R"(5a-["m"])"));
    EXPECT_FALSE(decode_text(R"(5-["m"])"));
}

TEST(SioDecode, ValidationRules) {
    EXPECT_FALSE(decode_text(""));
    EXPECT_FALSE(decode_text("abc"));
    EXPECT_FALSE(decode_text("7"));
    EXPECT_FALSE(decode_text("{}"));
    EXPECT_FALSE(decode_text("0[]"));
    EXPECT_FALSE(decode_text(R"(0"x")"));
    EXPECT_FALSE(decode_text("1{}"));
    EXPECT_FALSE(decode_text("2{}"));
    EXPECT_FALSE(decode_text("2[]"));
    EXPECT_FALSE(decode_text("2"));
    EXPECT_FALSE(decode_text(R"(2abc["x"])"));
    EXPECT_FALSE(decode_text(R"(2[{}])"));
    EXPECT_FALSE(decode_text(R"(2[null])"));
    EXPECT_FALSE(decode_text(R"(2["x")"));
    EXPECT_FALSE(decode_text("3{}"));
    EXPECT_FALSE(decode_text("3"));
    EXPECT_FALSE(decode_text("4"));
    EXPECT_FALSE(decode_text("4[]"));
    EXPECT_TRUE(decode_text(R"(4{"message":"no"})"));
    EXPECT_TRUE(decode_text(R"(4"no")"));
    EXPECT_TRUE(decode_text(R"(2[1,2])"));
    EXPECT_TRUE(decode_text("3[]"));
}

TEST(SioDecode, ReservedEventNames) {
    for (const char* name :
         {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"}) {
        EXPECT_FALSE(decode_text(std::string(R"(2[")") + name + "\"]")) << name;
        EXPECT_TRUE(is_reserved_event(name));
    }
    EXPECT_TRUE(decode_text(R"(2["connected"])"));
}

TEST(SioDecoder, CollectsAttachmentsThenValidatesPlaceholders) {
    Decoder decoder;
    ASSERT_EQ(
        decoder.add_text(R"(52-["m",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])"),
        Decoder::Result::kNeedMore
    );
    EXPECT_EQ(decoder.add_binary("\x01"), Decoder::Result::kNeedMore);
    ASSERT_EQ(decoder.add_binary("\x02"), Decoder::Result::kPacket);
    Packet packet = decoder.take();
    ASSERT_EQ(packet.buffers.size(), 2u);
    EXPECT_EQ(*buffer_of(packet.data->as_array()[2], packet.buffers), "\x02");
    EXPECT_FALSE(buffer_of(packet.data->as_array()[0], packet.buffers));
    EXPECT_EQ(decoder.add_text(R"(2["next"])"), Decoder::Result::kPacket);
}

TEST(SioDecoder, ProtocolErrors) {
    Decoder a;
    EXPECT_EQ(a.add_binary("x"), Decoder::Result::kError);
    Decoder b;
    ASSERT_EQ(b.add_text(R"(51-["m",{"_placeholder":true,"num":0}])"), Decoder::Result::kNeedMore);
    EXPECT_EQ(b.add_text(R"(2["x"])"), Decoder::Result::kError);
    Decoder c;
    ASSERT_EQ(c.add_text(R"(51-["m",{"_placeholder":true,"num":3}])"), Decoder::Result::kNeedMore);
    EXPECT_EQ(c.add_binary("x"), Decoder::Result::kError);
    Decoder d;
    ASSERT_EQ(d.add_text(R"(51-["m",{"_placeholder":true,"num":"0"}])"), Decoder::Result::kNeedMore);
    EXPECT_EQ(d.add_binary("x"), Decoder::Result::kError);
}

TEST(SioDecode, RefusesNumbersThatOverflowToInfinity) {
    EXPECT_FALSE(decode_text(R"(2["m",9e999])"));
    EXPECT_FALSE(decode_text(R"(2["m",{"a":[-1e400]}])"));
    EXPECT_TRUE(decode_text(R"(2["m",1.5])"));
}

TEST(SioDecode, PlainPlaceholderLookalikeIsData) {
    auto a = decode_text(R"(2["m",{"_placeholder":true,"num":5}])");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->attachments, 0u);
}

}  // namespace
}  // namespace chatter::socketio
