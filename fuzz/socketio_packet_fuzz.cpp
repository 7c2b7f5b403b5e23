// Feeds arbitrary text to the Socket.IO decoder (first byte chooses how many binary attachments
// follow); whatever decodes must re-encode to text that decodes to the same header. Payload values
// are not compared: Boost.JSON 1.81 parses doubles imprecisely, so 19e237 may come back 1 ulp off.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <boost/json/src.hpp>

#include "socketio/sio_packet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace chatter::socketio;
    if (size == 0) {
        return 0;
    }
    const size_t extra = data[0] % 4;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    Decoder decoder;
    Decoder::Result result = decoder.add_text(text);
    for (size_t i = 0; i < extra && result == Decoder::Result::kNeedMore; ++i) {
        result = decoder.add_binary(std::string(1, static_cast<char>(i)));
    }
    if (result != Decoder::Result::kPacket) {
        return 0;
    }
    const Packet packet = decoder.take();
    const auto again = decode_text(encode(packet));
    if (!again || again->packet.nsp != packet.nsp || again->packet.id != packet.id ||
        again->attachments != packet.buffers.size() || again->packet.data.has_value() != packet.data.has_value()) {
        std::abort();
    }
    return 0;
}
