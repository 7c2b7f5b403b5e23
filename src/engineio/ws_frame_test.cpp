#include "engineio/ws_frame.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace chatter::engineio::ws {
namespace {

constexpr uint8_t kFin = 0x80;
constexpr uint8_t kText = 0x1;
constexpr uint8_t kBinary = 0x2;
constexpr uint8_t kClose = 0x8;
constexpr uint8_t kPing = 0x9;

/// A client frame as a browser would send it: `b0` is FIN/RSV/opcode; the payload is masked
/// unless `masked` is false. `length_bytes` forces the 16- or 64-bit length form.
std::string frame(uint8_t b0, std::string_view payload, bool masked = true, int length_bytes = -1) {
    std::string out;
    out.push_back(static_cast<char>(b0));
    const uint8_t mask_bit = masked ? 0x80 : 0;
    const size_t n = payload.size();
    if (length_bytes == 8 || (length_bytes < 0 && n > 0xFFFF)) {
        out.push_back(static_cast<char>(mask_bit | 127));
        for (int i = 7; i >= 0; --i) {
            out.push_back(static_cast<char>((static_cast<uint64_t>(n) >> (8 * i)) & 0xFF));
        }
    } else if (length_bytes == 2 || (length_bytes < 0 && n >= 126)) {
        out.push_back(static_cast<char>(mask_bit | 126));
        out.push_back(static_cast<char>(n >> 8));
        out.push_back(static_cast<char>(n & 0xFF));
    } else {
        out.push_back(static_cast<char>(mask_bit | n));
    }
    const uint8_t mask[4] = {0x37, 0xFA, 0x21, 0x3D};
    if (masked) {
        out.append(reinterpret_cast<const char*>(mask), 4);
    }
    for (size_t i = 0; i < n; ++i) {
        out.push_back(static_cast<char>(static_cast<uint8_t>(payload[i]) ^ (masked ? mask[i % 4] : 0)));
    }
    return out;
}

struct Parsed {
    std::vector<Incoming> messages;
    FrameParser::Status last = FrameParser::Status::kNeedMore;
};

Parsed parse(FrameParser& parser, std::string_view input) {
    Parsed parsed;
    Incoming out;
    while (true) {
        parsed.last = parser.next(input, out);
        if (parsed.last != FrameParser::Status::kReady) {
            return parsed;
        }
        parsed.messages.push_back(out);
    }
}

/// The close code the parser fails with on `input`, or 0 when it does not fail.
uint16_t failure(std::string_view input, size_t max_message = 1000) {
    FrameParser parser(max_message);
    const Parsed parsed = parse(parser, input);
    if (parsed.last != FrameParser::Status::kError) {
        return 0;
    }
    std::string_view more = "x";
    Incoming out;
    EXPECT_EQ(parser.next(more, out), FrameParser::Status::kError) << "an error must be final";
    return parser.error_code();
}

TEST(WsFrameParser, ParsesAMaskedTextFrameAndKeepsNothing) {
    FrameParser parser(1000);
    const Parsed parsed = parse(parser, frame(kFin | kText, "4hello"));
    ASSERT_EQ(parsed.messages.size(), 1u);
    EXPECT_EQ(parsed.messages[0].opcode, Opcode::kText);
    EXPECT_EQ(parsed.messages[0].payload, "4hello");
    EXPECT_EQ(parsed.last, FrameParser::Status::kNeedMore);
    EXPECT_TRUE(parser.idle());
}

TEST(WsFrameParser, AssemblesAFrameFedOneByteAtATime) {
    FrameParser parser(100000);
    const std::string payload(300, 'z');
    const std::string bytes = frame(kFin | kBinary, payload);
    std::vector<Incoming> got;
    for (size_t i = 0; i < bytes.size(); ++i) {
        const Parsed parsed = parse(parser, std::string_view(bytes).substr(i, 1));
        got.insert(got.end(), parsed.messages.begin(), parsed.messages.end());
        EXPECT_EQ(parser.idle(), i + 1 == bytes.size());
    }
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].opcode, Opcode::kBinary);
    EXPECT_EQ(got[0].payload, payload);
}

TEST(WsFrameParser, ParsesSeveralFramesInOneReadAndASplitTail) {
    FrameParser parser(100000);
    const std::string big(70000, 'q');
    const std::string bytes = frame(kFin | kText, "a") + frame(kFin | kBinary, big) + frame(kFin | kText, "bc");
    Parsed parsed = parse(parser, std::string_view(bytes).substr(0, bytes.size() - 1));
    ASSERT_EQ(parsed.messages.size(), 2u);
    EXPECT_EQ(parsed.messages[1].payload, big);
    EXPECT_FALSE(parser.idle());
    parsed = parse(parser, std::string_view(bytes).substr(bytes.size() - 1));
    ASSERT_EQ(parsed.messages.size(), 1u);
    EXPECT_EQ(parsed.messages[0].payload, "bc");
}

TEST(WsFrameParser, JoinsFragmentsWithAControlFrameBetweenThem) {
    FrameParser parser(1000);
    // "é" (C3 A9) is split across the fragments: only the whole message must be valid UTF-8.
    const Parsed parsed =
        parse(parser, frame(kText, "4caf\xC3") + frame(kFin | kPing, "p") + frame(kFin | 0x0, "\xA9!"));
    ASSERT_EQ(parsed.messages.size(), 2u);
    EXPECT_EQ(parsed.messages[0].opcode, Opcode::kPing);
    EXPECT_EQ(parsed.messages[0].payload, "p");
    EXPECT_EQ(parsed.messages[1].opcode, Opcode::kText);
    EXPECT_EQ(parsed.messages[1].payload, "4caf\xC3\xA9!");
    EXPECT_TRUE(parser.idle());
}

TEST(WsFrameParser, ReadsCloseFrames) {
    FrameParser parser(1000);
    const Parsed parsed = parse(parser, frame(kFin | kClose, close_payload(1001, "bye")) + frame(kFin | kClose, ""));
    ASSERT_EQ(parsed.messages.size(), 2u);
    EXPECT_EQ(parsed.messages[0].opcode, Opcode::kClose);
    EXPECT_EQ(parsed.messages[0].code, 1001);
    EXPECT_EQ(parsed.messages[0].payload, "bye");
    EXPECT_EQ(parsed.messages[1].code, close_code::kNoStatus);
}

TEST(WsFrameParser, RefusesUnmaskedFrames) {
    EXPECT_EQ(failure(frame(kFin | kText, "4x", false)), close_code::kProtocolError);
}

TEST(WsFrameParser, RefusesRsvBitsWithoutExtensions) {
    for (uint8_t rsv : {0x40, 0x20, 0x10}) {
        EXPECT_EQ(failure(frame(static_cast<uint8_t>(kFin | rsv | kText), "4x")), close_code::kProtocolError);
    }
}

TEST(WsFrameParser, RefusesUnknownOpcodes) {
    for (uint8_t opcode : {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
        EXPECT_EQ(failure(frame(static_cast<uint8_t>(kFin | opcode), "")), close_code::kProtocolError) << int(opcode);
    }
}

TEST(WsFrameParser, RefusesFragmentedOrLongControlFrames) {
    EXPECT_EQ(failure(frame(kPing, "p")), close_code::kProtocolError);
    EXPECT_EQ(failure(frame(kFin | kPing, std::string(126, 'p'))), close_code::kProtocolError);
    EXPECT_EQ(failure(frame(kFin | kPing, std::string(125, 'p'))), 0);
}

TEST(WsFrameParser, RefusesBadContinuationSequences) {
    EXPECT_EQ(failure(frame(kFin | 0x0, "orphan")), close_code::kProtocolError);
    EXPECT_EQ(failure(frame(kText, "4a") + frame(kFin | kText, "4b")), close_code::kProtocolError);
    EXPECT_EQ(
        failure(frame(kBinary, "a") + frame(kFin | 0x0, "b") + frame(kFin | 0x0, "c")), close_code::kProtocolError
    );
}

TEST(WsFrameParser, RefusesInvalidUtf8InTextButNotInBinary) {
    EXPECT_EQ(failure(frame(kFin | kText, "4\xC0\x80")), close_code::kInvalidPayload);
    EXPECT_EQ(failure(frame(kText, "4\xC3") + frame(kFin | 0x0, "")), close_code::kInvalidPayload);
    EXPECT_EQ(failure(frame(kFin | kBinary, "\xC0\x80\xFF")), 0);
}

TEST(WsFrameParser, RefusesBadLengths) {
    // The top bit of a 64-bit length: refused on the header alone, before any payload.
    std::string top_bit = "\x82\xFF";
    top_bit += std::string("\x80\x00\x00\x00\x00\x00\x00\x01", 8);
    top_bit += "mask";
    EXPECT_EQ(failure(top_bit, SIZE_MAX), close_code::kProtocolError);
    // Lengths not in their shortest form.
    EXPECT_EQ(failure(frame(kFin | kText, "4x", true, 2)), close_code::kProtocolError);
    EXPECT_EQ(failure(frame(kFin | kText, std::string(300, 'x'), true, 8)), close_code::kProtocolError);
}

TEST(WsFrameParser, RefusesMessagesOverTheLimitOnTheHeader) {
    const std::string oversize = frame(kFin | kBinary, std::string(1001, 'x'));
    EXPECT_EQ(failure(oversize.substr(0, 8)), close_code::kTooBig);
    EXPECT_EQ(failure(frame(kFin | kBinary, std::string(1000, 'x'))), 0);
    // Fragments that only together pass the limit.
    EXPECT_EQ(
        failure(frame(kBinary, std::string(600, 'x')) + frame(kFin | 0x0, std::string(401, 'x'))), close_code::kTooBig
    );
}

TEST(WsFrameParser, RefusesMalformedCloseFrames) {
    EXPECT_EQ(failure(frame(kFin | kClose, "\x03")), close_code::kProtocolError);
    for (uint16_t code : {999, 1004, 1005, 1006, 1015, 2000, 5000}) {
        EXPECT_EQ(failure(frame(kFin | kClose, close_payload(code, ""))), close_code::kProtocolError) << code;
    }
    EXPECT_EQ(failure(frame(kFin | kClose, close_payload(1000, "\xFF"))), close_code::kInvalidPayload);
    EXPECT_EQ(failure(frame(kFin | kClose, close_payload(4000, "ok"))), 0);
}

TEST(WsFrameEncoder, UsesTheShortestLengthForm) {
    const auto h0 = encode_header(Opcode::kText, 0);
    EXPECT_EQ(h0.size, 2);
    EXPECT_EQ(h0.bytes[0], 0x81);
    EXPECT_EQ(h0.bytes[1], 0);
    EXPECT_EQ(encode_header(Opcode::kBinary, 125).size, 2);
    const auto h126 = encode_header(Opcode::kBinary, 126);
    EXPECT_EQ(h126.size, 4);
    EXPECT_EQ(h126.bytes[0], 0x82);
    EXPECT_EQ(h126.bytes[1], 126);
    EXPECT_EQ(h126.bytes[3], 126);
    EXPECT_EQ(encode_header(Opcode::kBinary, 0xFFFF).size, 4);
    const auto h64 = encode_header(Opcode::kClose, 0x10000);
    EXPECT_EQ(h64.size, 10);
    EXPECT_EQ(h64.bytes[1], 127);
    EXPECT_EQ(h64.bytes[7], 1);
    EXPECT_EQ(h64.bytes[9], 0);
}

TEST(WsFrameEncoder, ClosePayloadFitsAControlFrame) {
    const std::string payload = close_payload(1008, std::string(200, 'r'));
    EXPECT_EQ(payload.size(), 125u);
    EXPECT_EQ(static_cast<uint8_t>(payload[0]), 0x03);
    EXPECT_EQ(static_cast<uint8_t>(payload[1]), 0xF0);
}

TEST(WsUtf8, AcceptsWellFormedAndRefusesTheRest) {
    EXPECT_TRUE(valid_utf8(""));
    EXPECT_TRUE(valid_utf8("plain ascii that is longer than eight bytes"));
    EXPECT_TRUE(valid_utf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF"));
    EXPECT_FALSE(valid_utf8("\xC1\xBF"));          // overlong 2-byte
    EXPECT_FALSE(valid_utf8("\xE0\x80\xAF"));      // overlong 3-byte
    EXPECT_FALSE(valid_utf8("\xF0\x8F\xBF\xBF"));  // overlong 4-byte
    EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
    EXPECT_FALSE(valid_utf8("\xF5\x80\x80\x80"));  // invalid lead byte
    EXPECT_FALSE(valid_utf8("abcdefgh\xE2\x82"));  // truncated at the end
    EXPECT_FALSE(valid_utf8("\xE2\x28\xA1"));      // bad continuation byte
    EXPECT_FALSE(valid_utf8("\x80"));              // lone continuation byte
}

}  // namespace
}  // namespace chatter::engineio::ws
