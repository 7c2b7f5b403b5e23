#pragma once
// One Engine.IO session (socketio-protocol.md §1): its transports, outgoing queue and heartbeat.
// All state lives on the session's strand; the public sending API may be called from any thread.

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engineio/deadline_queue.hpp"
#include "engineio/eio_packet.hpp"
#include "engineio/http_util.hpp"
#include "engineio/options.hpp"
#include "engineio/ws_connection.hpp"
#include "net/http_types.hpp"

namespace chatter::engineio {

class SessionRegistry;

class Session : public std::enable_shared_from_this<Session> {
  public:
    /// Called on the strand. `on_message` gets every message packet (text or binary) in order;
    /// `on_close` runs once with the reason ("transport close", "transport error", "ping timeout",
    /// "parse error", "forced close", "slow consumer", "server shutting down").
    struct Handlers {
        std::function<void(Packet)> on_message;
        std::function<void(const std::string& reason)> on_close;
    };

    Session(
        std::shared_ptr<SessionRegistry> registry,
        Strand strand,
        std::string id,
        const net::HttpRequest& handshake,
        net::PeerInfo peer,
        bool b64
    );

    const std::string& id() const { return id_; }
    const Strand& strand() const { return strand_; }
    /// The handshake request (headers, query) as the middleware of upper layers sees it.
    const net::HttpRequest& handshake() const { return handshake_; }
    const net::PeerInfo& peer() const { return peer_; }

    /// Strand only; set before the first packet can arrive (i.e. in the connection callback).
    void set_handlers(Handlers handlers) { handlers_ = std::move(handlers); }

    /// Any thread. Queues message packets as one unit, in order (a Socket.IO packet and its binary
    /// attachments stay contiguous). Runs inline when already on the strand.
    void send(std::vector<Packet> packets);
    /// Same, for one packet (a Socket.IO packet without attachments): no vector to allocate.
    void send(Packet packet);
    /// Same, for a unit shared by many sessions (a broadcast): nothing is copied per recipient.
    void send_shared(std::shared_ptr<const std::vector<Packet>> packets);

    /// Any thread. Server-initiated close: flushes what is queued, then a close packet.
    void close(std::string reason = "forced close");

    /// Any thread. Drops the session at once (server stopping), without a close packet.
    void shutdown();

    // Transport entry points, used by the Server on the strand.
    void open_polling(const std::shared_ptr<net::HttpResponder>& responder, const ResponseMeta& meta);
    void open_websocket(std::shared_ptr<WsConnection> ws);
    void poll_get(std::shared_ptr<net::HttpResponder> responder, const ResponseMeta& meta);
    void poll_post(
        const net::HttpRequest& request, const std::shared_ptr<net::HttpResponder>& responder, const ResponseMeta& meta
    );
    void upgrade(std::shared_ptr<WsConnection> ws);

  private:
    enum class State { kOpen, kClosing, kClosed };

    std::string open_payload(bool polling) const;
    void start_reading(const std::shared_ptr<WsConnection>& ws);
    void on_ws_closed(WsConnection* from, boost::beast::error_code ec);
    void enqueue(std::span<const Packet> packets);
    void schedule_flush();
    void flush();
    void answer_pending(std::string payload);
    void on_packet(Packet packet);
    void client_close();
    void arm_pong_timer();
    void on_ws_message(WsConnection* from, std::string data, bool binary);
    void on_probe_message(const std::string& data, bool binary);
    void abort_upgrade();
    void start_ping_timer();
    void arm_heartbeat(std::chrono::milliseconds after);
    void on_heartbeat(uint64_t generation);
    void on_pong();
    void finish(const std::string& reason);
    boost::asio::steady_timer& timer(std::unique_ptr<boost::asio::steady_timer>& slot);
    static void cancel(const std::unique_ptr<boost::asio::steady_timer>& slot);

    std::shared_ptr<SessionRegistry> registry_;
    const Options& options_;
    Strand strand_;
    std::string id_;
    net::HttpRequest handshake_;
    net::PeerInfo peer_;
    bool b64_;
    Handlers handlers_;

    State state_ = State::kOpen;
    bool websocket_ = false;
    bool upgrading_ = false;
    bool flush_scheduled_ = false;
    bool awaiting_pong_ = false;
    bool pong_extended_ = false;

    // Polling only: packets waiting for a GET. A vector, not a deque: libstdc++'s empty deque
    // already holds a 512-byte block, paid by every idle WebSocket session.
    std::vector<Packet> queue_;
    size_t queued_bytes_ = 0;
    std::string closing_reason_;
    std::shared_ptr<net::HttpResponder> pending_get_;
    ResponseMeta pending_meta_;
    std::shared_ptr<WsConnection> ws_;
    std::shared_ptr<WsConnection> probe_;

    // The ping interval, then (awaiting_pong_) the pong deadline: the two never run at once. One
    // entry in the thread's DeadlineQueue rather than a timer of our own (memory per connection).
    class Heartbeat final : public DeadlineQueue::Entry {
      public:
        explicit Heartbeat(Session& session) : session_(session) {}
        ~Heartbeat() = default;
        Heartbeat(const Heartbeat&) = delete;
        Heartbeat& operator=(const Heartbeat&) = delete;

      private:
        void expired(uint64_t generation) override;
        Session& session_;
    };
    Heartbeat heartbeat_{*this};
    DeadlineQueue& deadlines_;
    uint64_t heartbeat_generation_ = 0;  // of the deadline that counts; 0 when none
    // Created on first use (a WebSocket-only session never needs them), behind a pointer so that
    // the unused ones cost 8 bytes each rather than a whole timer.
    std::unique_ptr<boost::asio::steady_timer> upgrade_timer_;
    std::unique_ptr<boost::asio::steady_timer> grace_timer_;
    std::unique_ptr<boost::asio::steady_timer> noop_timer_;
};

}  // namespace chatter::engineio
