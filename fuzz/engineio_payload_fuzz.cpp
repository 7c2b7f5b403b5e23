// Feeds arbitrary bytes to the Engine.IO polling-payload and packet decoders; whatever decodes must
// re-encode to a payload that decodes to the same packets.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engineio/eio_packet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace chatter::engineio;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)decode_text_packet(input);
    (void)base64_decode(input);
    auto packets = decode_payload(input);
    if (!packets) {
        return 0;
    }
    auto again = decode_payload(encode_payload(*packets));
    if (!again || again->size() != packets->size()) {
        std::abort();
    }
    for (size_t i = 0; i < packets->size(); ++i) {
        const Packet& a = (*packets)[i];
        const Packet& b = (*again)[i];
        if (a.type != b.type || a.binary != b.binary || a.body() != b.body()) {
            std::abort();
        }
    }
    return 0;
}
