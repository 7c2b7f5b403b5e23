#include "engineio/ws_frame.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace chatter::engineio::ws {

namespace {

constexpr size_t kMaxControlPayload = 125;
constexpr size_t kMaxCloseReason = kMaxControlPayload - 2;

bool is_control(uint8_t opcode) {
    return (opcode & 0x8) != 0;
}

bool known_opcode(uint8_t opcode) {
    return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA);
}

/// Close codes a peer may send (RFC 6455 §7.4; 1012–1014 as registered with IANA since).
bool valid_close_code(uint16_t code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

uint8_t byte_at(std::string_view data, size_t i) {
    return static_cast<uint8_t>(data[i]);
}

/// How many bytes the header at the front of `data` takes; a lower bound while fewer than two
/// bytes are known.
size_t header_size(std::string_view data) {
    if (data.size() < 2) {
        return 2;
    }
    const uint8_t len7 = byte_at(data, 1) & 0x7F;
    const size_t extended = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
    const size_t mask = (byte_at(data, 1) & 0x80) != 0 ? 4 : 0;
    return 2 + extended + mask;
}

/// Appends `payload` unmasked with `mask`, whose first byte applies to `payload[0]`.
void unmask_append(std::string& to, std::string_view payload, const std::array<uint8_t, 4>& mask) {
    const size_t start = to.size();
    to.resize(start + payload.size());
    char* out = to.data() + start;
    const char* in = payload.data();
    size_t i = 0;
    uint64_t wide_mask = 0;
    for (size_t k = 0; k < 8; ++k) {
        wide_mask |= static_cast<uint64_t>(mask[k % 4]) << (8 * k);
    }
    // Eight bytes at a time (the mask repeats every 4, so every 8 too); `wide_mask` is laid out
    // for a little-endian load.
    if constexpr (std::endian::native == std::endian::little) {
        for (; i + 8 <= payload.size(); i += 8) {
            uint64_t word = 0;
            std::memcpy(&word, in + i, 8);
            word ^= wide_mask;
            std::memcpy(out + i, &word, 8);
        }
    }
    for (; i < payload.size(); ++i) {
        out[i] = static_cast<char>(static_cast<uint8_t>(in[i]) ^ mask[i % 4]);
    }
}

}  // namespace

struct FrameParser::Header {
    bool fin = false;
    uint8_t rsv = 0;
    uint8_t opcode = 0;
    bool masked = false;
    bool minimal_length = true;
    uint64_t length = 0;
    size_t size = 0;
    std::array<uint8_t, 4> mask{};
};

namespace {

FrameParser::Header decode_header(std::string_view data);

}  // namespace

FrameParser::Status FrameParser::fail(uint16_t code) {
    error_ = code;
    std::string().swap(pending_);
    std::string().swap(message_);
    message_opcode_ = 0;
    return Status::kError;
}

FrameParser::Status FrameParser::check_header(const Header& header) {
    if (header.rsv != 0 || !header.masked || !known_opcode(header.opcode) || !header.minimal_length ||
        (header.length >> 63) != 0) {
        return fail(close_code::kProtocolError);
    }
    if (is_control(header.opcode)) {
        if (!header.fin || header.length > kMaxControlPayload) {
            return fail(close_code::kProtocolError);
        }
        return Status::kReady;
    }
    const bool continuation = header.opcode == static_cast<uint8_t>(Opcode::kContinuation);
    if (continuation != (message_opcode_ != 0)) {
        // A continuation with no message to continue, or a new message inside a fragmented one.
        return fail(close_code::kProtocolError);
    }
    if (header.length > max_message_ || message_.size() + header.length > max_message_) {
        return fail(close_code::kTooBig);
    }
    return Status::kReady;
}

FrameParser::Status FrameParser::complete(const Header& header, std::string_view frame, Incoming& out) {
    const std::string_view payload = frame.substr(header.size);
    if (is_control(header.opcode)) {
        out.opcode = static_cast<Opcode>(header.opcode);
        out.payload.clear();
        out.code = close_code::kNoStatus;
        if (out.opcode != Opcode::kClose) {
            unmask_append(out.payload, payload, header.mask);
            return Status::kReady;
        }
        if (payload.size() == 1) {
            return fail(close_code::kProtocolError);
        }
        unmask_append(out.payload, payload, header.mask);
        if (out.payload.size() >= 2) {
            out.code = static_cast<uint16_t>(
                (static_cast<uint8_t>(out.payload[0]) << 8) | static_cast<uint8_t>(out.payload[1])
            );
            out.payload.erase(0, 2);
            if (!valid_close_code(out.code)) {
                return fail(close_code::kProtocolError);
            }
            if (!valid_utf8(out.payload)) {
                return fail(close_code::kInvalidPayload);
            }
        }
        return Status::kReady;
    }
    if (header.opcode != static_cast<uint8_t>(Opcode::kContinuation)) {
        message_opcode_ = header.opcode;
    }
    unmask_append(message_, payload, header.mask);
    if (!header.fin) {
        return Status::kNeedMore;
    }
    out.opcode = static_cast<Opcode>(message_opcode_);
    out.code = close_code::kNoStatus;
    out.payload = std::move(message_);
    std::string().swap(message_);
    message_opcode_ = 0;
    if (out.opcode == Opcode::kText && !valid_utf8(out.payload)) {
        return fail(close_code::kInvalidPayload);
    }
    return Status::kReady;
}

FrameParser::Status FrameParser::next(std::string_view& input, Incoming& out) {
    while (error_ == 0) {
        Header header;
        Status status = Status::kNeedMore;
        if (pending_.empty()) {
            if (input.empty()) {
                return Status::kNeedMore;
            }
            const size_t need = header_size(input);
            if (input.size() >= need) {
                header = decode_header(input);
                if (check_header(header) == Status::kError) {
                    return Status::kError;
                }
            }
            if (input.size() < need || input.size() - header.size < header.length) {
                // Keep only the incomplete frame's bytes until the rest arrives.
                pending_.assign(input);
                input = {};
                return Status::kNeedMore;
            }
            const size_t total = header.size + static_cast<size_t>(header.length);
            const std::string_view frame = input.substr(0, total);
            input.remove_prefix(total);
            status = complete(header, frame, out);
        } else {
            size_t need = header_size(pending_);
            while (pending_.size() < need && !input.empty()) {
                const size_t take = std::min(need - pending_.size(), input.size());
                pending_.append(input.substr(0, take));
                input.remove_prefix(take);
                need = header_size(pending_);
            }
            if (pending_.size() < need) {
                return Status::kNeedMore;
            }
            header = decode_header(pending_);
            if (check_header(header) == Status::kError) {
                return Status::kError;
            }
            const size_t total = header.size + static_cast<size_t>(header.length);
            const size_t take = std::min(total - pending_.size(), input.size());
            pending_.append(input.substr(0, take));
            input.remove_prefix(take);
            if (pending_.size() < total) {
                return Status::kNeedMore;
            }
            std::string frame;
            frame.swap(pending_);
            status = complete(header, frame, out);
        }
        if (status != Status::kNeedMore) {
            return status;
        }
    }
    return Status::kError;
}

namespace {

FrameParser::Header decode_header(std::string_view data) {
    FrameParser::Header header;
    const uint8_t b0 = byte_at(data, 0);
    const uint8_t b1 = byte_at(data, 1);
    header.fin = (b0 & 0x80) != 0;
    header.rsv = static_cast<uint8_t>(b0 & 0x70);
    header.opcode = static_cast<uint8_t>(b0 & 0x0F);
    header.masked = (b1 & 0x80) != 0;
    const uint8_t len7 = b1 & 0x7F;
    size_t at = 2;
    if (len7 == 126) {
        header.length = (static_cast<uint64_t>(byte_at(data, 2)) << 8) | byte_at(data, 3);
        header.minimal_length = header.length >= 126;
        at = 4;
    } else if (len7 == 127) {
        for (size_t i = 0; i < 8; ++i) {
            header.length = (header.length << 8) | byte_at(data, 2 + i);
        }
        header.minimal_length = header.length > 0xFFFF;
        at = 10;
    } else {
        header.length = len7;
    }
    if (header.masked) {
        for (size_t i = 0; i < 4; ++i) {
            header.mask[i] = byte_at(data, at + i);
        }
        at += 4;
    }
    header.size = at;
    return header;
}

}  // namespace

FrameHeader encode_header(Opcode opcode, uint64_t payload_size) {
    FrameHeader header;
    header.bytes[0] = static_cast<uint8_t>(0x80 | static_cast<uint8_t>(opcode));
    if (payload_size < 126) {
        header.bytes[1] = static_cast<uint8_t>(payload_size);
        header.size = 2;
    } else if (payload_size <= 0xFFFF) {
        header.bytes[1] = 126;
        header.bytes[2] = static_cast<uint8_t>(payload_size >> 8);
        header.bytes[3] = static_cast<uint8_t>(payload_size);
        header.size = 4;
    } else {
        header.bytes[1] = 127;
        for (size_t i = 0; i < 8; ++i) {
            header.bytes[2 + i] = static_cast<uint8_t>(payload_size >> (8 * (7 - i)));
        }
        header.size = 10;
    }
    return header;
}

std::string close_payload(uint16_t code, std::string_view reason) {
    std::string payload;
    payload.push_back(static_cast<char>(code >> 8));
    payload.push_back(static_cast<char>(code & 0xFF));
    payload.append(reason.substr(0, kMaxCloseReason));
    return payload;
}

bool valid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t word = 0;
            std::memcpy(&word, s + i, 8);
            if ((word & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t extra = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            lo = c == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
            hi = c == 0xED ? 0x9F : 0xBF;  // no UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            lo = c == 0xF0 ? 0x90 : 0x80;  // no overlong forms
            hi = c == 0xF4 ? 0x8F : 0xBF;  // nothing past U+10FFFF
        } else {
            return false;
        }
        if (n - i <= extra || s[i + 1] < lo || s[i + 1] > hi) {
            return false;
        }
        for (size_t k = 2; k <= extra; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) {
                return false;
            }
        }
        i += extra + 1;
    }
    return true;
}

}  // namespace chatter::engineio::ws
