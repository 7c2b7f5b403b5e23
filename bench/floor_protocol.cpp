#include "floor_protocol.hpp"

#include <cctype>

#include "engineio/ws_handshake.hpp"

namespace floor_bench {

namespace {

constexpr std::string_view kOpen =
    R"(0{"sid":"floor0000000000","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})";
constexpr std::string_view kJoin = R"(["join",)";
constexpr std::string_view kEcho = R"(["message-with-ack",)";
constexpr std::string_view kBroadcast = R"(["broadcast",)";

}  // namespace

FloorConnection& FloorProtocol::add(int fd) {
    auto& slot = connections_[fd];
    slot = std::make_unique<FloorConnection>();
    slot->fd = fd;
    return *slot;
}

FloorConnection* FloorProtocol::find(int fd) {
    const auto it = connections_.find(fd);
    return it == connections_.end() ? nullptr : it->second.get();
}

void FloorProtocol::remove(int fd) {
    connections_.erase(fd);
}

bool FloorProtocol::on_bytes(FloorConnection& c, std::string_view bytes) {
    c.in.append(bytes);
    return c.upgraded ? frames(c) : handshake(c);
}

void FloorProtocol::clear_dirty() {
    for (const int fd : dirty_) {
        if (auto* c = find(fd)) {
            c->dirty = false;
        }
    }
    dirty_.clear();
}

bool FloorProtocol::handshake(FloorConnection& c) {
    const auto end = c.in.find("\r\n\r\n");
    if (end == std::string::npos) {
        return true;
    }
    std::string lower(c.in, 0, end);
    for (char& ch : lower) {
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    const auto at = lower.find("sec-websocket-key:");
    if (at == std::string::npos) {
        return false;
    }
    const auto from = c.in.find_first_not_of(' ', at + 18);
    const auto to = c.in.find("\r\n", from);
    const std::string key = c.in.substr(from, to - from);
    c.in.erase(0, end + 4);
    c.upgraded = true;
    c.out += "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    c.out += "Sec-WebSocket-Accept: " + chatter::engineio::ws::accept_key(key) + "\r\n\r\n";
    send_text(c, kOpen);
    return frames(c);
}

// Client frames: masked, unfragmented text (realtime_load sends nothing else but close/pong).
bool FloorProtocol::frames(FloorConnection& c) {
    size_t pos = 0;
    while (c.in.size() - pos >= 6) {
        const auto* p = reinterpret_cast<const unsigned char*>(c.in.data() + pos);
        const unsigned opcode = p[0] & 0x0fU;
        size_t length = p[1] & 0x7fU;
        size_t header = 2;
        if (length == 126) {
            length = (size_t{p[2]} << 8U) | p[3];
            header = 4;
        } else if (length == 127) {
            return false;
        }
        if (c.in.size() - pos < header + 4 + length) {
            break;
        }
        const unsigned char* mask = p + header;
        std::string payload(c.in.data() + pos + header + 4, length);
        for (size_t i = 0; i < length; ++i) {
            payload[i] = static_cast<char>(static_cast<unsigned char>(payload[i]) ^ mask[i % 4]);
        }
        pos += header + 4 + length;
        if (opcode == 0x8) {
            return false;
        }
        if (opcode == 0x1) {
            on_text(c, payload);
        }
    }
    c.in.erase(0, pos);
    return true;
}

void FloorProtocol::on_text(FloorConnection& c, std::string_view text) {
    if (text == "40") {
        send_text(c, R"(40{"sid":"floor0000000000"})");
        return;
    }
    if (!text.starts_with("42")) {
        return;  // pongs
    }
    size_t digits = 2;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
        ++digits;
    }
    const std::string id(text.substr(2, digits - 2));
    const std::string_view body = text.substr(digits);
    if (body.starts_with(kEcho)) {
        send_text(c, "43" + id + "[" + std::string(body.substr(kEcho.size())));
        return;
    }
    if (body.starts_with(kJoin)) {
        c.in_room = true;
    } else if (body.starts_with(kBroadcast)) {
        // ["broadcast","<room>",<payload>] -> 42["broadcast",<payload>] to the room.
        const auto comma = body.find(',', kBroadcast.size());
        const std::string frame = R"(42["broadcast",)" + std::string(body.substr(comma + 1));
        for (auto& [fd, member] : connections_) {
            if (member->in_room) {
                send_text(*member, frame);
            }
        }
    }
    if (!id.empty()) {
        send_text(c, "43" + id + "[]");
    }
}

void FloorProtocol::send_text(FloorConnection& c, std::string_view text) {
    c.out += static_cast<char>(0x81);
    if (text.size() < 126) {
        c.out += static_cast<char>(text.size());
    } else {
        c.out += static_cast<char>(126);
        c.out += static_cast<char>((text.size() >> 8U) & 0xffU);
        c.out += static_cast<char>(text.size() & 0xffU);
    }
    c.out += text;
    if (!c.dirty) {
        c.dirty = true;
        dirty_.push_back(c.fd);
    }
}

}  // namespace floor_bench
