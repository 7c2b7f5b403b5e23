#pragma once
// One HTTP/1.1 connection: reads requests (header first, so the body limit can depend on the
// target), hands them on, writes responses in order, and keeps the connection alive between them.

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "net/http_types.hpp"

namespace chatter::net {

class HttpServer;

class HttpSession : public std::enable_shared_from_this<HttpSession> {
  public:
    HttpSession(HttpServer& server, boost::asio::ip::tcp::socket socket);

    /// Starts reading. Runs on the socket's io_context thread from here on.
    void start();

    /// Closes the connection if it is idle (between requests); otherwise lets the current request
    /// finish and then closes. Thread-safe.
    void shutdown_when_idle();

    /// Closes at once. Thread-safe.
    void force_close();

  private:
    class Responder;
    friend class Responder;

    void read_header();
    void on_header(boost::beast::error_code ec);
    void on_body(boost::beast::error_code ec);
    bool start_file_body(uint64_t limit);
    void on_file_body(boost::beast::error_code ec);
    void remove_body_file();
    void dispatch(HttpRequest request);
    void send_response(HttpResponse response);
    void on_write(bool close, boost::beast::error_code ec);
    void watch_for_abort();
    void reply_and_close(boost::beast::http::status status, std::string_view code, std::string_view message);
    void close();

    HttpServer& server_;
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::file_body>> file_parser_;
    std::string body_file_;  // the streamed body of the current request; removed after its response
    PeerInfo peer_;
    bool realtime_request_ = false;
    bool busy_ = false;         // a request is being handled or its response written
    bool close_after_ = false;  // close once the in-flight response is written
    bool closed_ = false;
    unsigned request_generation_ = 0;
    std::function<void()> abort_handler_;
    bool request_keep_alive_ = true;
    unsigned version_ = 11;
};

}  // namespace chatter::net
