#include "socketio/sio_packet.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/serializer.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace chatter::socketio {

namespace json = boost::json;

namespace {

// Room added to the encoded packet each time the JSON serializer needs more.
constexpr size_t kSerializeChunk = 256;

constexpr std::array<std::string_view, 6> kReservedEvents = {
    "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"};

// Ids above 2^53 cannot round-trip through the JavaScript client, so they are refused.
constexpr size_t kMaxIdDigits = 15;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_binary_type(PacketType type) {
    return type == PacketType::kBinaryEvent || type == PacketType::kBinaryAck;
}

bool payload_valid(PacketType type, const std::optional<json::value>& data) {
    switch (type) {
        case PacketType::kConnect:
            return !data || data->is_object();
        case PacketType::kDisconnect:
            return !data;
        case PacketType::kConnectError:
            return data && (data->is_string() || data->is_object());
        case PacketType::kEvent:
        case PacketType::kBinaryEvent: {
            // The reference tolerates a missing payload here; an event without a name is useless
            // and refusing it closes one more malformed-input path (§2.2).
            if (!data || !data->is_array() || data->as_array().empty()) {
                return false;
            }
            const json::value& name = data->as_array().front();
            return name.is_number() || (name.is_string() && !is_reserved_event(name.as_string()));
        }
        case PacketType::kAck:
        case PacketType::kBinaryAck:
            return data && data->is_array();
    }
    return false;
}

// Boost.JSON 1.81 parses 9e999 as infinity and serializes it as `Infinity`, which is not JSON:
// echoing it would break the client's parser, so such payloads are refused (found by fuzzing).
bool numbers_finite(const json::value& value) {
    switch (value.kind()) {
        case json::kind::double_:
            return std::isfinite(value.get_double());
        case json::kind::array:
            for (const auto& item : value.get_array()) {
                if (!numbers_finite(item)) {
                    return false;
                }
            }
            return true;
        case json::kind::object:
            for (const auto& entry : value.get_object()) {
                if (!numbers_finite(entry.value())) {
                    return false;
                }
            }
            return true;
        default:
            return true;
    }
}

bool is_placeholder(const json::object& obj) {
    const auto it = obj.find("_placeholder");
    return it != obj.end() && it->value().is_bool() && it->value().get_bool();
}

}  // namespace

bool is_reserved_event(std::string_view name) {
    for (const auto reserved : kReservedEvents) {
        if (name == reserved) {
            return true;
        }
    }
    return false;
}

std::string encode(const Packet& packet) {
    PacketType type = packet.type;
    if (!packet.buffers.empty()) {
        if (type == PacketType::kEvent) {
            type = PacketType::kBinaryEvent;
        } else if (type == PacketType::kAck) {
            type = PacketType::kBinaryAck;
        }
    }
    std::string out;
    out.push_back(static_cast<char>('0' + static_cast<int>(type)));
    if (is_binary_type(type)) {
        out.append(std::to_string(packet.buffers.size()));
        out.push_back('-');
    }
    if (packet.nsp != "/") {
        out.append(packet.nsp);
        out.push_back(',');
    }
    if (packet.id) {
        out.append(std::to_string(*packet.id));
    }
    if (packet.data) {
        // Straight into `out`, without the temporary string json::serialize would return.
        json::serializer serializer;
        serializer.reset(&*packet.data);
        while (!serializer.done()) {
            const size_t at = out.size();
            out.resize(at + std::max(kSerializeChunk, out.capacity() - at));
            out.resize(at + serializer.read(out.data() + at, out.size() - at).size());
        }
    }
    return out;
}

std::optional<Header> decode_text(std::string_view text) {
    if (text.empty() || text[0] < '0' || text[0] > '6') {
        return std::nullopt;
    }
    Header header;
    Packet& packet = header.packet;
    packet.type = static_cast<PacketType>(text[0] - '0');
    size_t i = 1;

    if (is_binary_type(packet.type)) {
        const size_t dash = text.find('-', i);
        if (dash == std::string_view::npos || dash == i || dash - i > 2) {
            return std::nullopt;
        }
        size_t count = 0;
        for (size_t k = i; k < dash; ++k) {
            if (!is_digit(text[k])) {
                return std::nullopt;
            }
            count = count * 10 + static_cast<size_t>(text[k] - '0');
        }
        if (count == 0 || count > kMaxAttachments) {
            return std::nullopt;
        }
        header.attachments = count;
        i = dash + 1;
    }

    // A namespace ends at ',' or at the end of the text: the suites send "40/random" (§2.1).
    if (i < text.size() && text[i] == '/') {
        const size_t comma = text.find(',', i);
        if (comma == std::string_view::npos) {
            packet.nsp = std::string(text.substr(i));
            i = text.size();
        } else {
            packet.nsp = std::string(text.substr(i, comma - i));
            i = comma + 1;
        }
    }

    if (i < text.size() && is_digit(text[i])) {
        const size_t start = i;
        uint64_t id = 0;
        while (i < text.size() && is_digit(text[i])) {
            if (i - start >= kMaxIdDigits) {
                return std::nullopt;
            }
            id = id * 10 + static_cast<uint64_t>(text[i] - '0');
            ++i;
        }
        packet.id = id;
    }

    if (i < text.size()) {
        boost::system::error_code ec;
        json::value data = json::parse(text.substr(i), ec);
        if (ec || !numbers_finite(data)) {
            return std::nullopt;
        }
        packet.data = std::move(data);
    }
    if (!payload_valid(packet.type, packet.data)) {
        return std::nullopt;
    }
    // Placeholders in a packet without attachments stay ordinary objects, as in the reference,
    // which reconstructs binary packets only.
    return header;
}

bool placeholders_valid(const json::value& data, size_t count) {
    if (data.is_array()) {
        for (const auto& item : data.as_array()) {
            if (!placeholders_valid(item, count)) {
                return false;
            }
        }
        return true;
    }
    if (!data.is_object()) {
        return true;
    }
    const json::object& obj = data.as_object();
    if (is_placeholder(obj)) {
        const auto it = obj.find("num");
        if (it == obj.end()) {
            return false;
        }
        const auto num = it->value().if_int64();
        return num && *num >= 0 && static_cast<size_t>(*num) < count;
    }
    for (const auto& entry : obj) {
        if (!placeholders_valid(entry.value(), count)) {
            return false;
        }
    }
    return true;
}

json::value add_buffer(Buffers& buffers, std::string bytes) {
    json::object placeholder;
    placeholder["_placeholder"] = true;
    placeholder["num"] = static_cast<int64_t>(buffers.size());
    buffers.push_back(std::move(bytes));
    return placeholder;
}

std::optional<std::string_view> buffer_of(const json::value& value, const Buffers& buffers) {
    const json::object* obj = value.if_object();
    if (!obj || !is_placeholder(*obj)) {
        return std::nullopt;
    }
    const auto it = obj->find("num");
    if (it == obj->end()) {
        return std::nullopt;
    }
    const auto num = it->value().if_int64();
    if (!num || *num < 0 || static_cast<size_t>(*num) >= buffers.size()) {
        return std::nullopt;
    }
    return std::string_view(buffers[static_cast<size_t>(*num)]);
}

Decoder::Result Decoder::add_text(std::string_view text) {
    if (expected_ > 0) {
        // Text while attachments are awaited is a protocol error (§2.1).
        return Result::kError;
    }
    auto header = decode_text(text);
    if (!header) {
        return Result::kError;
    }
    pending_ = std::move(header->packet);
    expected_ = header->attachments;
    if (expected_ > 0) {
        pending_.buffers.reserve(expected_);
        return Result::kNeedMore;
    }
    return Result::kPacket;
}

Decoder::Result Decoder::add_binary(std::string bytes) {
    if (expected_ == 0) {
        return Result::kError;
    }
    pending_.buffers.push_back(std::move(bytes));
    if (pending_.buffers.size() < expected_) {
        return Result::kNeedMore;
    }
    expected_ = 0;
    return finish();
}

Decoder::Result Decoder::finish() {
    if (pending_.data && !placeholders_valid(*pending_.data, pending_.buffers.size())) {
        return Result::kError;
    }
    return Result::kPacket;
}

}  // namespace chatter::socketio
