#include "engineio/eio_packet.hpp"

#include <array>

namespace chatter::engineio {

namespace {

constexpr char kRecordSeparator = '\x1e';
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<int8_t, 256> make_decode_table() {
    std::array<int8_t, 256> table{};
    for (auto& entry : table) {
        entry = -1;
    }
    for (size_t i = 0; i < kAlphabet.size(); ++i) {
        table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
    }
    return table;
}

constexpr auto kDecodeTable = make_decode_table();

bool valid_type(char c) {
    return c >= '0' && c <= '6';
}

}  // namespace

Packet make_packet(PacketType type, std::string data) {
    return Packet{type, false, std::make_shared<const std::string>(std::move(data))};
}

Packet make_message(std::shared_ptr<const std::string> data, bool binary) {
    return Packet{PacketType::kMessage, binary, std::move(data)};
}

std::optional<Packet> decode_text_packet(std::string_view text) {
    if (text.empty() || !valid_type(text[0])) {
        return std::nullopt;
    }
    return make_packet(static_cast<PacketType>(text[0]), std::string(text.substr(1)));
}

std::optional<Packet> decode_owned_text_packet(std::string&& text) {
    if (text.empty() || !valid_type(text[0])) {
        return std::nullopt;
    }
    const auto type = static_cast<PacketType>(text[0]);
    text.erase(0, 1);
    return make_packet(type, std::move(text));
}

std::string encode_text_packet(const Packet& packet) {
    std::string out;
    out.reserve(1 + packet.body().size());
    out.push_back(static_cast<char>(packet.type));
    out.append(packet.body());
    return out;
}

void append_payload_record(std::string& out, const Packet& packet) {
    if (packet.binary) {
        out.push_back('b');
        out.append(base64_encode(packet.body()));
        return;
    }
    out.push_back(static_cast<char>(packet.type));
    out.append(packet.body());
}

std::string encode_payload(const std::vector<Packet>& packets) {
    std::string out;
    for (size_t i = 0; i < packets.size(); ++i) {
        if (i > 0) {
            out.push_back(kRecordSeparator);
        }
        append_payload_record(out, packets[i]);
    }
    return out;
}

std::optional<std::vector<Packet>> decode_payload(std::string_view body) {
    std::vector<Packet> packets;
    size_t start = 0;
    while (true) {
        const size_t end = body.find(kRecordSeparator, start);
        const std::string_view record =
            body.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!record.empty() && record[0] == 'b') {
            auto bytes = base64_decode(record.substr(1));
            if (!bytes) {
                return std::nullopt;
            }
            packets.push_back(make_message(std::make_shared<const std::string>(std::move(*bytes)), true));
        } else {
            auto packet = decode_text_packet(record);
            if (!packet) {
                return std::nullopt;
            }
            packets.push_back(std::move(*packet));
        }
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    return packets;
}

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                           static_cast<uint8_t>(bytes[i + 2]);
        out.push_back(kAlphabet[(n >> 18) & 63]);
        out.push_back(kAlphabet[(n >> 12) & 63]);
        out.push_back(kAlphabet[(n >> 6) & 63]);
        out.push_back(kAlphabet[n & 63]);
    }
    const size_t rest = bytes.size() - i;
    if (rest > 0) {
        uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
        if (rest == 2) {
            n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
        }
        out.push_back(kAlphabet[(n >> 18) & 63]);
        out.push_back(kAlphabet[(n >> 12) & 63]);
        out.push_back(rest == 2 ? kAlphabet[(n >> 6) & 63] : '=');
        out.push_back('=');
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    while (!text.empty() && text.back() == '=') {
        text.remove_suffix(1);
    }
    if (text.size() % 4 == 1) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(text.size() * 3 / 4);
    uint32_t acc = 0;
    int bits = 0;
    for (const char c : text) {
        const int8_t v = kDecodeTable[static_cast<unsigned char>(c)];
        if (v < 0) {
            return std::nullopt;
        }
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xFF));
        }
    }
    return out;
}

}  // namespace chatter::engineio
