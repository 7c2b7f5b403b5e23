#pragma once
// One WebSocket carrying Engine.IO packets (socketio-protocol.md §1.5): one packet per message,
// text packets as text frames, binary messages as raw binary frames. Our own RFC 6455 framing
// (ws_frame.hpp) over the bare TCP socket, so that an idle connection holds no buffer and a busy
// one writes its whole queue with one sendmsg (architecture.md §4).

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engineio/eio_packet.hpp"
#include "engineio/ws_frame.hpp"
#include "net/http_types.hpp"

namespace chatter::engineio {

/// A session's serial executor: the executor of the io_context that owns its socket. Each
/// io_context is run by exactly one thread (net::HttpServer; tests run theirs on one thread), so
/// its handlers never run concurrently and it is a strand without a strand's costs: no shared
/// implementation per session (about 100 bytes), and a dispatch from that thread, such as each
/// recipient of a broadcast, runs inline with no queue, lock or allocation. Other threads post
/// to it, in order. A pointer in size, it sits inline in every any_io_executor copy.
using Strand = boost::asio::io_context::executor_type;

/// The executor for a new session on `executor`, which must be an io_context's (net::HttpServer's
/// network threads, or a test's io_context); throws std::logic_error otherwise.
Strand make_session_strand(const boost::asio::any_io_executor& executor);

/// The close frame the server sends: a code and a fixed reason text (not copied).
struct CloseReason {
    uint16_t code = ws::close_code::kNormal;
    const char* text = "";
};

/// Every member runs on the strand the socket was moved onto (the owning session's strand).
/// Reading starts with `start`; while idle nothing but a readiness wait is held. Writes are queued
/// (bounded by bytes) and written as one gather write of up to kMaxGather frames. A write made
/// while some connection of the same thread handles a read (a broadcast, an ack) is flushed when
/// that read is done, so that everything one read produces leaves each recipient in one sendmsg;
/// any other write goes straight to the socket. A message larger than `max_message` or any
/// protocol violation closes the connection with the close code RFC 6455 prescribes.
class WsConnection : public std::enable_shared_from_this<WsConnection> {
  public:
    using MessageHandler = std::function<void(std::string data, bool binary)>;
    /// `ec` is boost::beast::websocket::error::closed when the client sent a close frame.
    using ClosedHandler = std::function<void(boost::system::error_code ec)>;

    static constexpr size_t kMaxGather = 64;

    /// Moves the TCP connection onto `strand` so that the socket, its timers and the session share
    /// one executor.
    WsConnection(boost::beast::tcp_stream stream, const Strand& strand, size_t max_message, bool b64);

    /// Writes the 101 answer to `request` (already checked by ws::check_upgrade), then calls
    /// `done` (on the strand) with the outcome.
    void accept(const net::HttpRequest& request, const std::function<void(boost::system::error_code)>& done);

    /// Starts the read loop. `on_closed` runs once, when reading stops for any reason.
    void start(MessageHandler on_message, ClosedHandler on_closed);

    /// Queues `packets` as one unit; false when they would take the queue past `max_queued_bytes`
    /// (nothing is queued then). Writes at once unless a write is already waiting for the socket.
    bool write(std::span<const Packet> packets, size_t max_queued_bytes);
    bool write(const Packet& packet, size_t max_queued_bytes) { return write({&packet, 1}, max_queued_bytes); }

    /// Sends a close frame with `reason` once everything queued has been written.
    void close(CloseReason reason = {});

    /// Drops the handlers (the session is gone or the probe was abandoned) and closes.
    void detach(CloseReason reason = {});

    bool open() const { return !closing_ && !failed_; }

  private:
    struct Frame {
        std::shared_ptr<const std::string> data;  // the payload after the header bytes
        ws::FrameHeader header;                   // header, then the packet type digit of a text packet
    };

    void queue_packet(const Packet& packet);
    void push(ws::Opcode opcode, std::shared_ptr<const std::string> data, char prefix);
    void wait_readable();
    void on_readable();
    void deliver(ws::Incoming& incoming);
    void stop_reading(boost::system::error_code ec);
    void kick();
    void pump();
    static void flush_read_batch();
    size_t gather_and_send(boost::system::error_code& ec);
    void consume(size_t written);
    void on_close_written();
    void fail();
    static bool would_block(const boost::system::error_code& ec);

    boost::asio::ip::tcp::socket socket_;
    ws::FrameParser parser_;
    // Frames not yet written; queue_[queue_head_] is being written, `sent_` bytes of it already.
    // A vector rather than a deque (whose empty state already holds a 512-byte block).
    std::vector<Frame> queue_;
    size_t queue_head_ = 0;
    size_t sent_ = 0;
    size_t queued_bytes_ = 0;
    CloseReason close_reason_;
    bool writing_ = false;          // waiting for the socket to take more
    bool delivering_ = false;       // inside the read loop: writes wait for its end to coalesce
    bool flush_scheduled_ = false;  // in this thread's read batch (see kick)
    bool reading_ = false;          // the read loop runs (until a close frame, an error or EOF)
    bool closing_ = false;          // a close frame is due after the queue
    bool close_queued_ = false;
    bool close_written_ = false;
    bool peer_closed_ = false;  // the client sent its close frame (or the stream ended)
    bool failed_ = false;       // the socket is closed
    bool b64_ = false;
    MessageHandler on_message_;
    ClosedHandler on_closed_;
    std::unique_ptr<boost::asio::steady_timer> linger_;  // bounds the wait for the client's close
};

}  // namespace chatter::engineio
