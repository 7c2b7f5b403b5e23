#pragma once
// Socket.IO v5 packet codec (socketio-protocol.md §2.1-§2.2). Pure: no I/O, no Asio.
//
// Binary arguments stay as `{"_placeholder":true,"num":N}` objects inside the JSON and the bytes
// travel beside them in `Packet::buffers` (index N), because boost::json has no binary type. The
// decoder checks every placeholder against the buffers it collected (the reference parser's
// reconstructPacket rule); `add_buffer` and `buffer_of` build and resolve placeholders for the app.

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatter::socketio {

enum class PacketType : uint8_t {
    kConnect = 0,
    kDisconnect = 1,
    kEvent = 2,
    kAck = 3,
    kConnectError = 4,
    kBinaryEvent = 5,
    kBinaryAck = 6,
};

using Buffers = std::vector<std::string>;

struct Packet {
    PacketType type = PacketType::kEvent;
    std::string nsp = "/";
    std::optional<uint64_t> id;
    std::optional<boost::json::value> data;  // absent ≠ null: CONNECT and DISCONNECT may omit it
    Buffers buffers;
};

/// Reference limit on attachments per packet (socket.io-parser `maxAttachments`).
inline constexpr size_t kMaxAttachments = 10;

/// True for event names an application may not emit or receive (§2.2).
bool is_reserved_event(std::string_view name);

/// Text part of `packet` without the Engine.IO `4`. EVENT/ACK become BINARY_EVENT/BINARY_ACK with
/// the attachment count when `packet.buffers` is non-empty; the buffers follow as binary messages.
std::string encode(const Packet& packet);

/// Parses the text part of a packet and validates its payload (§2.2). When the result carries
/// `attachments > 0`, the caller must collect that many binary messages (see Decoder).
struct Header {
    Packet packet;
    size_t attachments = 0;
};
std::optional<Header> decode_text(std::string_view text);

/// Checks that every placeholder in `data` names one of `count` buffers (reconstructPacket).
bool placeholders_valid(const boost::json::value& data, size_t count);

/// Appends `bytes` to `buffers` and returns the placeholder that refers to it.
boost::json::value add_buffer(Buffers& buffers, std::string bytes);

/// The bytes a placeholder value refers to; nullopt if `value` is not a valid placeholder.
std::optional<std::string_view> buffer_of(const boost::json::value& value, const Buffers& buffers);

/// Incremental decoder for one connection: text packets, then the binary attachments they announce.
/// Not thread-safe; lives on the connection's strand.
class Decoder {
  public:
    enum class Result { kPacket, kNeedMore, kError };

    Result add_text(std::string_view text);
    Result add_binary(std::string bytes);

    /// The completed packet after kPacket.
    Packet take() { return std::move(pending_); }

  private:
    Result finish();

    Packet pending_;
    size_t expected_ = 0;
};

}  // namespace chatter::socketio
