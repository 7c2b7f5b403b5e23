// realtime_load's persist scenario against `chatterd serve`: accounts and groups over REST, then
// DMs and group messages over Socket.IO, each stored before its ack.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "load_run.hpp"

namespace chatter::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;

awaitable<Run::Reply> Run::request(http::verb verb, std::string target, std::string body, std::string cookie) {
    beast::tcp_stream stream(ctx);
    tcp::resolver resolver(ctx);
    auto endpoints = co_await resolver.async_resolve(config.host, config.port, use_awaitable);
    co_await stream.async_connect(endpoints, use_awaitable);
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, config.host + ":" + config.port);
    req.set(http::field::content_type, "application/json");
    if (!cookie.empty()) {
        req.set(http::field::cookie, cookie);
    }
    req.body() = body;
    req.prepare_payload();
    co_await http::async_write(stream, req, use_awaitable);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    co_await http::async_read(stream, buffer, res, use_awaitable);
    Reply reply{res.result_int(), res.body(), {}};
    for (const auto& field : res) {
        if (field.name() == http::field::set_cookie) {
            const std::string value(field.value());
            reply.cookie = value.substr(0, value.find(';'));
        }
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return reply;
}

awaitable<void> Run::persist() {
    const int users = std::max(2, config.users);
    const int group = std::clamp(config.group_size, 2, users);
    make_clients(users);
    std::vector<std::string> cookies(static_cast<size_t>(users));
    for (int i = 0; i < users; ++i) {  // one by one: password hashing is deliberately slow
        Client& c = *clients[static_cast<size_t>(i)];
        c.name = "bench" + std::to_string(i);
        const Reply reply = co_await request(
            http::verb::post,
            "/api/auth/register",
            R"({"username":")" + c.name + R"(","password":"bench-password-1"})",
            ""
        );
        if (reply.status != 201 || reply.cookie.empty()) {
            throw std::runtime_error("register " + c.name + ": " + std::to_string(reply.status) + " " + reply.body);
        }
        cookies[static_cast<size_t>(i)] = reply.cookie;
    }
    const Reply settings =
        co_await request(http::verb::post, "/api/admin/settings", R"({"settings":{"SEND_RATE_MAX":0}})", cookies[0]);
    if (settings.status != 200) {
        throw std::runtime_error("settings: " + std::to_string(settings.status) + " " + settings.body);
    }
    for (int first = 0; first + group <= users; first += group) {  // groups of `group` users
        std::string members;
        for (int j = first + 1; j < first + group; ++j) {
            members += (members.empty() ? "\"" : ",\"") + clients[static_cast<size_t>(j)]->name + "\"";
        }
        const Reply reply = co_await request(
            http::verb::post,
            "/api/gdm/threads",
            R"({"name":"bench group )" + std::to_string(first / group) + R"(","members":[)" + members + "]}",
            cookies[static_cast<size_t>(first)]
        );
        if (reply.status != 201) {
            throw std::runtime_error("gdm thread: " + std::to_string(reply.status) + " " + reply.body);
        }
        const int64_t id = json::parse(reply.body).as_object().at("id").to_number<int64_t>();
        for (int j = first; j < first + group; ++j) {
            clients[static_cast<size_t>(j)]->thread_id = id;
        }
    }
    for (int i = 0; i < users; ++i) {
        clients[static_cast<size_t>(i)]->peer = clients[static_cast<size_t>((i + 1) % users)]->name;
    }
    co_await open_all(0, clients.size(), cookies, "");
    for (auto& c : clients) {
        c->on_text = [this](Client& self, const std::string& text) { on_ack(self, text, true); };
    }
    long k = 0;
    const Emit emit = [&](Client& c, uint64_t id, int64_t) {
        const std::string text = "bench message " + std::to_string(k);
        if (c.thread_id != 0 && (k++ % 2) == 1) {
            send(
                c,
                "42" + std::to_string(id) + R"(["gdm_send",{"thread_id":)" + std::to_string(c.thread_id) +
                    R"(,"text":")" + text + R"(","attachment":null,"reply_to":null}])"
            );
        } else {
            send(
                c,
                "42" + std::to_string(id) + R"(["dm_send",{"to":")" + c.peer + R"(","text":")" + text +
                    R"(","attachment":null,"reply_to":null}])"
            );
        }
    };
    co_await warm_up_and_measure(emit, 10);
    const double msgs = static_cast<double>(acked);
    std::printf(
        "RESULT scenario=persist label=%s users=%d group_size=%d rate=%d sent=%ld acked=%ld refused=%ld "
        "achieved_per_s=%.0f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f server_cpu_us_per_msg=%.1f "
        "loadgen_cpu_us_per_msg=%.1f",
        config.label.c_str(),
        users,
        group,
        config.rate,
        sent,
        acked,
        refused,
        msgs / cpu.seconds(),
        percentile(latencies, 0.5),
        percentile(latencies, 0.99),
        percentile(latencies, 0.999),
        percentile(latencies, 1.0),
        msgs > 0 ? cpu.server * 1e6 / msgs : 0,
        msgs > 0 ? cpu.self * 1e6 / msgs : 0
    );
    print_common();
    std::printf("\n");
    ok = acked == sent && failed == 0;
}

}  // namespace chatter::bench
