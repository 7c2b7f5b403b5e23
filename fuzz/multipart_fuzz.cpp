// Feeds arbitrary bytes to the streaming multipart parser, whole and split at a byte chosen by the
// input: both splits must produce the same parts (the parser's output may not depend on how the
// network chunks the body). The first byte picks the split; the boundary is fixed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "features/files/multipart.hpp"

namespace {

struct Outcome {
    std::vector<std::string> events;
    bool ok = false;
    bool failed = false;
};

Outcome run(std::string_view body, size_t split) {
    using namespace chatter::files;
    Outcome out;
    MultipartParser parser(
        "BOUNDARY",
        {
            .part_begin = [&](const PartHeader& h
                          ) { out.events.push_back("B" + h.name + "|" + h.filename.value_or("-")); },
            .part_data =
                [&](std::string_view d) {
                    if (out.events.empty() || out.events.back().front() != 'D') {
                        out.events.emplace_back("D");
                    }
                    out.events.back().append(d);
                },
            .part_end = [&] { out.events.emplace_back("E"); },
        }
    );
    if (parser.feed(body.substr(0, split))) {
        parser.feed(body.substr(split));
    }
    out.ok = parser.finish();
    out.failed = parser.failed();
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    (void)chatter::files::multipart_boundary(std::string_view(reinterpret_cast<const char*>(data), size));
    if (size == 0) {
        return 0;
    }
    const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
    const size_t split = body.empty() ? 0 : data[0] % (body.size() + 1);
    const Outcome whole = run(body, body.size());
    const Outcome parts = run(body, split);
    if (whole.ok != parts.ok || whole.failed != parts.failed || (whole.ok && whole.events != parts.events)) {
        std::abort();
    }
    return 0;
}
