#pragma once
// RFC 6455 framing for the server side, with no I/O: an incremental parser of client frames and an
// encoder of (unmasked) server frame headers. WsConnection drives it over a bare TCP socket.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chatter::engineio::ws {

enum class Opcode : uint8_t {
    kContinuation = 0x0,
    kText = 0x1,
    kBinary = 0x2,
    kClose = 0x8,
    kPing = 0x9,
    kPong = 0xA,
};

/// The close codes the server sends (RFC 6455 §7.4.1).
namespace close_code {
constexpr uint16_t kNormal = 1000;
constexpr uint16_t kGoingAway = 1001;
constexpr uint16_t kProtocolError = 1002;
constexpr uint16_t kNoStatus = 1005;  // never sent: "the close frame had no code"
constexpr uint16_t kInvalidPayload = 1007;
constexpr uint16_t kPolicy = 1008;
constexpr uint16_t kTooBig = 1009;
}  // namespace close_code

/// One complete message or control frame from the client. `payload` is unmasked; for a close frame
/// it is the reason text and `code` the status code (kNoStatus when the frame carried none).
struct Incoming {
    Opcode opcode = Opcode::kText;
    std::string payload;
    uint16_t code = close_code::kNoStatus;
};

/// Parses what a client sends. Client frames must be masked, carry no RSV bits (no extension is
/// negotiated) and use known opcodes; control frames are unfragmented and at most 125 bytes; a
/// data message is at most `max_message` bytes in total (across its fragments), and a text
/// message is valid UTF-8. The first violation is final: `next` returns kError from then on and
/// `error_code()` says which close code to answer with (1002, 1007 or 1009).
///
/// Memory: between frames the parser holds nothing; an incomplete frame keeps only its own bytes,
/// and a fragmented message its fragments so far.
class FrameParser {
  public:
    enum class Status { kNeedMore, kReady, kError };
    /// A decoded frame header (defined in ws_frame.cpp).
    struct Header;

    explicit FrameParser(size_t max_message) : max_message_(max_message) {}

    /// Consumes bytes from the front of `input` (advancing it) until one message or control frame
    /// is complete (kReady, written to `out`), the input is used up (kNeedMore; an incomplete
    /// frame's bytes are kept), or the stream is invalid (kError).
    Status next(std::string_view& input, Incoming& out);

    uint16_t error_code() const { return error_; }
    /// True when no partial frame or message is buffered.
    bool idle() const { return pending_.empty() && message_.empty() && message_opcode_ == 0; }

  private:
    Status fail(uint16_t code);
    Status check_header(const Header& header);
    Status complete(const Header& header, std::string_view frame, Incoming& out);

    size_t max_message_;
    std::string pending_;         // bytes of a frame that is not complete yet
    std::string message_;         // fragments of a data message that is not complete yet
    uint8_t message_opcode_ = 0;  // opcode of that message; 0 when none is in progress
    uint16_t error_ = 0;
};

/// The largest server frame header (no mask): 2 bytes + 8 for a 64-bit length.
constexpr size_t kMaxHeader = 10;

/// An encoded frame header held inline (no allocation): what the write queue stores per frame.
/// It has room for one more byte, so that the first payload byte (an Engine.IO packet type) can
/// follow the header in the same buffer.
struct FrameHeader {
    std::array<uint8_t, kMaxHeader + 1> bytes{};
    uint8_t size = 0;
};

/// The header of one unfragmented, unmasked server frame carrying `payload_size` bytes.
FrameHeader encode_header(Opcode opcode, uint64_t payload_size);

/// The payload of a close frame: the code (big-endian) and the reason, cut to fit 125 bytes.
std::string close_payload(uint16_t code, std::string_view reason);

/// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool valid_utf8(std::string_view text);

}  // namespace chatter::engineio::ws
