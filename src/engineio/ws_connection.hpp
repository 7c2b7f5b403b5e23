#pragma once
// One WebSocket carrying Engine.IO packets (socketio-protocol.md §1.5): one packet per message,
// text packets as text frames, binary messages as raw binary frames.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engineio/eio_packet.hpp"
#include "net/http_types.hpp"

namespace chatter::engineio {

using Strand = boost::asio::strand<boost::asio::any_io_executor>;

/// Every member runs on the strand the stream was created on (the owning session's strand).
/// Reading starts after accept; the write queue is bounded by bytes, and a message larger than
/// `max_message` makes Beast fail the connection with close code 1009.
class WsConnection : public std::enable_shared_from_this<WsConnection> {
  public:
    using MessageHandler = std::function<void(std::string data, bool binary)>;
    using ClosedHandler = std::function<void(boost::beast::error_code ec)>;

    /// Moves the TCP connection onto `strand` so that the stream, its timers and the session share
    /// one executor.
    WsConnection(boost::beast::tcp_stream stream, Strand strand, size_t max_message, bool b64);

    /// Completes the WebSocket handshake for `request`, then calls `done` (on the strand).
    void accept(net::HttpRequest request, std::function<void(boost::beast::error_code)> done);

    /// Starts the read loop. `on_closed` runs once, when reading stops for any reason.
    void start(MessageHandler on_message, ClosedHandler on_closed);

    /// Queues one packet; false when the queue would pass `max_queued_bytes` (nothing is queued).
    bool write(const Packet& packet, size_t max_queued_bytes);

    /// Sends a close frame with `reason` once everything queued has been written.
    void close(boost::beast::websocket::close_reason reason = boost::beast::websocket::close_code::normal);

    /// Drops the handlers (the session is gone or the probe was abandoned) and closes.
    void detach(boost::beast::websocket::close_reason reason = boost::beast::websocket::close_code::normal);

    bool open() const { return !closing_ && !failed_; }

  private:
    struct Frame {
        std::shared_ptr<const std::string> data;
        char prefix = 0;  // type digit or 'b' for text frames; 0 for a raw binary frame
    };

    void read();
    void write_next();
    void finish_close();

    // Over the bare socket, not a beast::tcp_stream: the WebSocket stream has its own timeouts, and
    // tcp_stream's state (three more timers) would cost every idle connection about 1 KiB.
    boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_;
    boost::beast::flat_buffer buffer_;
    // Frames not yet written; queue_[queue_head_] is being written. A vector rather than a deque
    // (whose empty state already holds a 512-byte block): idle connections cost nothing here.
    std::vector<Frame> queue_;
    size_t queue_head_ = 0;
    size_t queued_bytes_ = 0;
    bool writing_ = false;
    bool closing_ = false;
    bool close_sent_ = false;
    bool failed_ = false;
    bool b64_ = false;
    boost::beast::websocket::close_reason close_reason_;
    MessageHandler on_message_;
    ClosedHandler on_closed_;
};

}  // namespace chatter::engineio
