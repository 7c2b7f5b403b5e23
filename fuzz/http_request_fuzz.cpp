// Fuzzes the parts of request handling that read raw client bytes: the request target (path
// decoding, query parameters), path-parameter routing, and the Cookie header.
#include <boost/beast/http/verb.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "http/request_context.hpp"
#include "http/router.hpp"

namespace {

chatter::http::Router& router() {
    static chatter::http::Router instance = [] {
        chatter::http::Router r;
        auto none = [](chatter::http::RequestContext&) { return chatter::net::HttpResponse{}; };
        using boost::beast::http::verb;
        r.add(verb::get, "/api/doc/:id", none);
        r.add(verb::get, "/api/doc/:id/members", none);
        r.add(verb::post, "/api/doc/:id/add_member", none);
        r.add(verb::get, "/api/users/search", none);
        r.add(verb::get, "/api/users/:username", none);
        r.add(verb::delete_, "/api/auth/sessions/:id", none);
        return r;
    }();
    return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    // First line: the request target; the rest: a Cookie header value.
    const size_t newline = input.find('\n');
    const std::string target(input.substr(0, newline));
    const std::string cookie(newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1));

    chatter::net::HttpRequest request;
    request.method(boost::beast::http::verb::get);
    request.version(11);
    try {
        request.target(target);
        request.set(boost::beast::http::field::cookie, cookie);
    } catch (const std::exception&) {
        return 0;  // Beast refuses some bytes in header values; the network parser never delivers them
    }
    chatter::http::RequestContext context(request, {}, "fuzz");
    if (context.valid_target()) {
        auto match = router().match(boost::beast::http::verb::get, context.segments());
        if (match.route != nullptr) {
            context.set_params(std::move(match.params));
            try {
                (void)context.id_param("id");
            } catch (const chatter::Error&) {
            }
        }
        (void)context.query("q");
    }
    (void)chatter::http::cookie_value(request, "chatter_session");
    (void)chatter::http::split_path(target);
    return 0;
}
