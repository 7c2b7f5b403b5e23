// Feeds arbitrary bytes to the WebSocket frame parser twice, once whole and once in chunks whose
// sizes come from the input itself: both must yield the same messages and the same verdict, and
// nothing may read out of bounds however a frame is split.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "engineio/ws_frame.hpp"

namespace {

using chatter::engineio::ws::FrameParser;
using chatter::engineio::ws::Incoming;

struct Outcome {
    std::vector<Incoming> messages;
    FrameParser::Status last = FrameParser::Status::kNeedMore;
    uint16_t error = 0;
};

Outcome parse(std::string_view input, size_t chunk) {
    FrameParser parser(4096);
    Outcome outcome;
    Incoming incoming;
    while (!input.empty() && outcome.last != FrameParser::Status::kError) {
        std::string_view piece = input.substr(0, chunk);
        input.remove_prefix(piece.size());
        while (true) {
            outcome.last = parser.next(piece, incoming);
            if (outcome.last != FrameParser::Status::kReady) {
                break;
            }
            if (incoming.opcode == chatter::engineio::ws::Opcode::kText &&
                !chatter::engineio::ws::valid_utf8(incoming.payload)) {
                std::abort();
            }
            outcome.messages.push_back(incoming);
        }
        if (outcome.last == FrameParser::Status::kNeedMore && !piece.empty()) {
            std::abort();  // kNeedMore must mean the input was used up
        }
    }
    outcome.error = parser.error_code();
    return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const size_t chunk = size == 0 ? 1 : 1 + data[0] % 7;
    const Outcome whole = parse(input, input.size() + 1);
    const Outcome pieces = parse(input, chunk);
    if (whole.error != pieces.error || whole.messages.size() != pieces.messages.size()) {
        std::abort();
    }
    for (size_t i = 0; i < whole.messages.size(); ++i) {
        const Incoming& a = whole.messages[i];
        const Incoming& b = pieces.messages[i];
        if (a.opcode != b.opcode || a.payload != b.payload || a.code != b.code) {
            std::abort();
        }
    }
    // Re-encoding a header must give back its own length form.
    const auto header = chatter::engineio::ws::encode_header(chatter::engineio::ws::Opcode::kBinary, size);
    if (header.size != (size < 126 ? 2 : size <= 0xFFFF ? 4 : 10)) {
        std::abort();
    }
    return 0;
}
