#pragma once
// In-process harness for the Engine.IO endpoint: requests go straight to handle_http with a
// responder that records the answer, and an io_context stands in for the network threads.

#include <boost/asio/io_context.hpp>
#include <boost/beast/http/field.hpp>

#include <memory>
#include <optional>
#include <string>

#include "net/http_types.hpp"
#include "net/realtime_endpoint.hpp"

namespace chatter::engineio::testing {

class RecordingResponder : public net::HttpResponder {
  public:
    void send(net::HttpResponse response) override {
        if (!response_) {
            response_ = std::move(response);
        }
    }
    void set_abort_handler(std::function<void()> handler) override { abort_ = std::move(handler); }

    bool answered() const { return response_.has_value(); }
    unsigned status() const { return response_ ? response_->result_int() : 0; }
    std::string body() const { return response_ ? response_->body() : std::string(); }
    const net::HttpResponse& response() const { return *response_; }
    void abort() {
        if (abort_) {
            abort_();
        }
    }

  private:
    std::optional<net::HttpResponse> response_;
    std::function<void()> abort_;
};

inline std::shared_ptr<RecordingResponder> request(
    net::RealtimeEndpoint& endpoint,
    boost::beast::http::verb method,
    std::string target,
    std::string body = {},
    std::string content_type = "text/plain;charset=UTF-8"
) {
    net::HttpRequest req{method, target, 11};
    if (!body.empty()) {
        req.set(boost::beast::http::field::content_type, content_type);
    }
    req.body() = std::move(body);
    req.prepare_payload();
    auto responder = std::make_shared<RecordingResponder>();
    endpoint.handle_http(std::move(req), net::PeerInfo{"127.0.0.1", 1234, false}, responder);
    return responder;
}

/// Runs the context until `done` or `limit` passes.
template <class Pred>
bool run_until(boost::asio::io_context& ctx, Pred done, std::chrono::milliseconds limit = std::chrono::seconds(2)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        ctx.restart();
        ctx.run_for(std::chrono::milliseconds(5));
    }
    return done();
}

}  // namespace chatter::engineio::testing
