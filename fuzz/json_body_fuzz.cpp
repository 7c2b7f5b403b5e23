// Feeds arbitrary bytes to the JSON body helpers every HTTP route and socket event uses: they may
// only ever throw chatter::Error (a 400 for the client), never anything else, and never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json/src.hpp>

#include "core/error.hpp"
#include "core/json_fields.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace chatter;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)json_fields::parse_int(input);
    try {
        const boost::json::value value = json_fields::parse(input);
        const boost::json::object& obj = json_fields::as_object(value);
        for (const std::string_view key : {"name", "id", "content", "flag", ""}) {
            try {
                (void)json_fields::optional_string(obj, key);
                (void)json_fields::optional_int(obj, key);
                (void)json_fields::optional_bool(obj, key);
                (void)json_fields::required_string(obj, key);
                (void)json_fields::required_int(obj, key);
            } catch (const Error&) {
            }
        }
    } catch (const Error&) {
    }
    return 0;
}
