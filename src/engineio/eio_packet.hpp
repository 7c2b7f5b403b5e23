#pragma once
// Engine.IO v4 packet and polling-payload codec (socketio-protocol.md §1.2, §1.4). Pure: no I/O,
// no Asio, so the fuzz targets can compile it alone.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatter::engineio {

enum class PacketType : char {
    kOpen = '0',
    kClose = '1',
    kPing = '2',
    kPong = '3',
    kMessage = '4',
    kUpgrade = '5',
    kNoop = '6',
};

/// One Engine.IO packet. `data` is shared and immutable so that one broadcast payload is encoded
/// once and handed to every recipient's queue without copying.
struct Packet {
    PacketType type = PacketType::kMessage;
    bool binary = false;  // only for kMessage: raw bytes, no type digit on the wire (§1.2)
    std::shared_ptr<const std::string> data;

    std::string_view body() const { return data ? std::string_view(*data) : std::string_view(); }
};

Packet make_packet(PacketType type, std::string data = {});
Packet make_message(std::shared_ptr<const std::string> data, bool binary);

/// Decodes one text packet (a WebSocket text frame or one polling record without the `b` form).
/// nullopt for an empty text or an unknown type digit.
std::optional<Packet> decode_text_packet(std::string_view text);
/// Same, taking over `text` (a WebSocket frame's payload) instead of copying its data.
std::optional<Packet> decode_owned_text_packet(std::string&& text);

/// Text form of a non-binary packet: type digit + data (a WebSocket text frame).
std::string encode_text_packet(const Packet& packet);

/// Appends the polling record of `packet`: `b` + base64 for binary, type digit + data otherwise.
void append_payload_record(std::string& out, const Packet& packet);

/// A polling payload: records joined by `\x1e` (§1.4).
std::string encode_payload(const std::vector<Packet>& packets);

/// Decodes a POST body; nullopt if any record is invalid (the whole body is then rejected).
std::optional<std::vector<Packet>> decode_payload(std::string_view body);

/// Standard base64 with padding, as Node's Buffer uses for `b` records.
std::string base64_encode(std::string_view bytes);

/// Accepts padded or unpadded standard base64; nullopt on any other character or a bad length.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace chatter::engineio
