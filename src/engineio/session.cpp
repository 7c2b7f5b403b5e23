#include "engineio/session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>

#include "engineio/session_registry.hpp"

namespace chatter::engineio {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;

namespace {

constexpr std::string_view kNoop = "6";
constexpr std::string_view kClose = "1";
constexpr const char* kSlowConsumer = "slow consumer";

/// The request line and the `kept` headers of `request`, without its body.
net::HttpRequest kept_part(const net::HttpRequest& request, const std::vector<std::string>& kept) {
    net::HttpRequest part;
    part.method(request.method());
    part.target(request.target());
    part.version(request.version());
    for (const auto& field : request) {
        const auto name = field.name_string();
        const bool keep = std::any_of(kept.begin(), kept.end(), [&](const std::string& wanted) {
            return boost::beast::iequals(wanted, name);
        });
        if (keep) {
            part.insert(name, field.value());
        }
    }
    return part;
}

size_t packet_bytes(const Packet& packet) {
    return packet.body().size() + 1;
}

}  // namespace

Session::Session(
    std::shared_ptr<SessionRegistry> registry,
    Strand strand,
    std::string id,
    const net::HttpRequest& handshake,
    net::PeerInfo peer,
    bool b64
)
    : registry_(std::move(registry)),
      options_(registry_->options()),
      strand_(std::move(strand)),
      id_(std::move(id)),
      handshake_(kept_part(handshake, options_.kept_headers)),
      peer_(std::move(peer)),
      b64_(b64),
      deadlines_(DeadlineQueue::of(strand_.context())) {}

std::string Session::open_payload(bool polling) const {
    // Exactly these five keys: the suites check `all.keys` (§1.3).
    json::object open;
    open["sid"] = id_;
    json::array upgrades;
    if (polling) {
        upgrades.emplace_back("websocket");
    }
    open["upgrades"] = std::move(upgrades);
    open["pingInterval"] = options_.ping_interval.count();
    open["pingTimeout"] = options_.ping_timeout.count();
    open["maxPayload"] = static_cast<int64_t>(options_.max_http_buffer_size);
    return json::serialize(open);
}

void Session::open_polling(const std::shared_ptr<net::HttpResponder>& responder, const ResponseMeta& meta) {
    // Timers first: the suite sleeps pingInterval + pingTimeout from the moment it has the answer.
    start_ping_timer();
    responder->send(payload_response(meta, encode_text_packet(make_packet(PacketType::kOpen, open_payload(true)))));
}

void Session::open_websocket(std::shared_ptr<WsConnection> ws) {
    websocket_ = true;
    ws_ = std::move(ws);
    start_reading(ws_);
    ws_->write(make_packet(PacketType::kOpen, open_payload(false)), options_.max_queued_bytes);
    start_ping_timer();
}

void Session::start_reading(const std::shared_ptr<WsConnection>& ws) {
    std::weak_ptr<Session> weak = weak_from_this();
    WsConnection* raw = ws.get();
    ws->start(
        [weak, raw](std::string data, bool binary) {
            if (auto self = weak.lock()) {
                self->on_ws_message(raw, std::move(data), binary);
            }
        },
        [weak, raw](beast::error_code ec) {
            if (auto self = weak.lock()) {
                self->on_ws_closed(raw, ec);
            }
        }
    );
}

void Session::on_ws_closed(WsConnection* from, beast::error_code ec) {
    if (probe_.get() == from) {
        abort_upgrade();
    } else if (ws_.get() == from) {
        finish(ec == beast::websocket::error::closed ? "transport close" : "transport error");
    }
}

void Session::send(std::vector<Packet> packets) {
    if (strand_.running_in_this_thread()) {
        enqueue(packets);
        return;
    }
    asio::post(strand_, [self = shared_from_this(), packets = std::move(packets)] { self->enqueue(packets); });
}

void Session::send(Packet packet) {
    if (strand_.running_in_this_thread()) {
        enqueue({&packet, 1});
        return;
    }
    asio::post(strand_, [self = shared_from_this(), packet = std::move(packet)] { self->enqueue({&packet, 1}); });
}

void Session::send_shared(std::shared_ptr<const std::vector<Packet>> packets) {
    if (strand_.running_in_this_thread()) {
        // The hot path of a broadcast from a network thread: no closure, no reference counting.
        enqueue(*packets);
        return;
    }
    asio::post(strand_, [self = shared_from_this(), packets = std::move(packets)] { self->enqueue(*packets); });
}

void Session::close(std::string reason) {
    asio::dispatch(strand_, [self = shared_from_this(), reason = std::move(reason)]() mutable {
        if (self->state_ != State::kOpen) {
            return;
        }
        const Packet close = make_packet(PacketType::kClose);
        self->enqueue({&close, 1});
        if (self->websocket_ || self->pending_get_) {
            self->flush();
            self->finish(reason);
            return;
        }
        // Polling without a GET in flight: the close packet waits for the next GET (§1.4).
        self->state_ = State::kClosing;
        self->closing_reason_ = reason;
        self->timer(self->grace_timer_).expires_after(self->options_.ping_timeout);
        self->grace_timer_->async_wait([self, reason](beast::error_code ec) {
            if (!ec) {
                self->finish(reason);
            }
        });
    });
}

void Session::enqueue(std::span<const Packet> packets) {
    if (state_ != State::kOpen) {
        return;
    }
    if (websocket_) {
        if (!ws_->write(packets, options_.max_queued_bytes)) {
            finish(kSlowConsumer);
        }
        return;
    }
    for (const auto& packet : packets) {
        queued_bytes_ += packet_bytes(packet);
        queue_.push_back(packet);
    }
    if (queued_bytes_ > options_.max_queued_bytes) {
        finish(kSlowConsumer);
        return;
    }
    schedule_flush();
}

void Session::on_packet(Packet packet) {
    if (awaiting_pong_ && packet.type != PacketType::kPong && !pong_extended_) {
        // Engine.IO 6.6: other traffic while a pong is due extends the timeout once (§1.7).
        pong_extended_ = true;
        arm_pong_timer();
    }
    switch (packet.type) {
        case PacketType::kPong:
            on_pong();
            break;
        case PacketType::kPing:
            // A v4 client never pings (§1.7).
            finish("parse error");
            break;
        case PacketType::kMessage:
            if (handlers_.on_message) {
                handlers_.on_message(std::move(packet));
            }
            break;
        case PacketType::kClose:
            client_close();
            break;
        default:
            break;
    }
}

void Session::on_ws_message(WsConnection* from, std::string data, bool binary) {
    if (probe_ && from == probe_.get()) {
        on_probe_message(data, binary);
        return;
    }
    if (!ws_ || from != ws_.get() || state_ != State::kOpen) {
        return;
    }
    if (binary) {
        on_packet(make_message(std::make_shared<const std::string>(std::move(data)), true));
        return;
    }
    std::optional<Packet> packet;
    if (!data.empty() && data[0] == 'b') {
        if (auto bytes = base64_decode(std::string_view(data).substr(1))) {
            packet = make_message(std::make_shared<const std::string>(std::move(*bytes)), true);
        }
    } else {
        packet = decode_owned_text_packet(std::move(data));
    }
    if (!packet) {
        finish("parse error");
        return;
    }
    on_packet(std::move(*packet));
}

void Session::upgrade(std::shared_ptr<WsConnection> ws) {
    if (state_ != State::kOpen || websocket_ || probe_) {
        // A second WebSocket for the sid gets the 101 and is closed at once (§1.5).
        ws->close();
        return;
    }
    probe_ = std::move(ws);
    start_reading(probe_);
    timer(upgrade_timer_).expires_after(options_.upgrade_timeout);
    upgrade_timer_->async_wait([weak = weak_from_this(), raw = probe_.get()](beast::error_code ec) {
        auto self = weak.lock();
        if (!ec && self && self->probe_.get() == raw) {
            self->abort_upgrade();
        }
    });
}

void Session::on_probe_message(const std::string& data, bool binary) {
    if (!binary && data == "2probe" && state_ == State::kOpen) {
        probe_->write(make_packet(PacketType::kPong, "probe"), options_.max_queued_bytes);
        // Release the client's pending poll now, or it stalls until the next ping (§1.6).
        upgrading_ = true;
        answer_pending(std::string(kNoop));
        return;
    }
    if (!binary && data == "5" && upgrading_ && state_ == State::kOpen) {
        cancel(upgrade_timer_);
        cancel(noop_timer_);
        upgrading_ = false;
        websocket_ = true;
        ws_ = std::move(probe_);
        probe_.reset();
        if (auto held = std::move(pending_get_)) {
            pending_get_.reset();
            held->send(error_response(pending_meta_, ErrorCode::kBadRequest));
        }
        const std::vector<Packet> buffered = std::move(queue_);
        queue_.clear();
        queued_bytes_ = 0;
        enqueue(buffered);
        return;
    }
    abort_upgrade();
}

void Session::abort_upgrade() {
    cancel(upgrade_timer_);
    cancel(noop_timer_);
    upgrading_ = false;
    if (auto probe = std::move(probe_)) {
        probe_.reset();
        probe->detach();
    }
}

void Session::start_ping_timer() {
    arm_heartbeat(options_.ping_interval);
}

void Session::arm_pong_timer() {
    arm_heartbeat(options_.ping_timeout);
}

void Session::arm_heartbeat(std::chrono::milliseconds after) {
    heartbeat_generation_ = deadlines_.arm(heartbeat_, after);
}

void Session::Heartbeat::expired(uint64_t generation) {
    // On the queue's thread with its lock held: only hand the expiry to the session's strand.
    if (auto self = session_.weak_from_this().lock()) {
        asio::post(self->strand_, [self, generation] { self->on_heartbeat(generation); });
    }
}

void Session::on_heartbeat(uint64_t generation) {
    if (generation != heartbeat_generation_ || state_ != State::kOpen) {
        return;  // overtaken by a later arm (a pong, an extension) or a cancel
    }
    heartbeat_generation_ = 0;
    if (awaiting_pong_) {
        finish("ping timeout");
        return;
    }
    // The pong deadline starts now, whether or not a GET is there to carry the ping (§1.7).
    awaiting_pong_ = true;
    pong_extended_ = false;
    arm_pong_timer();
    const Packet ping = make_packet(PacketType::kPing);
    enqueue({&ping, 1});
}

void Session::on_pong() {
    if (!awaiting_pong_) {
        return;
    }
    awaiting_pong_ = false;
    start_ping_timer();
}

void Session::finish(const std::string& reason) {
    if (state_ == State::kClosed) {
        return;
    }
    state_ = State::kClosed;
    deadlines_.cancel(heartbeat_);
    heartbeat_generation_ = 0;
    cancel(upgrade_timer_);
    cancel(grace_timer_);
    cancel(noop_timer_);
    if (pending_get_) {
        answer_pending(std::string(kClose));
    }
    if (ws_) {
        // A client that cannot keep up learns why (architecture §4), as 1008 with the reason text.
        ws_->detach(reason == kSlowConsumer ? CloseReason{ws::close_code::kPolicy, kSlowConsumer} : CloseReason{});
    }
    abort_upgrade();
    queue_.clear();
    registry_->remove(id_);
    auto handlers = std::move(handlers_);
    handlers_ = {};
    if (handlers.on_close) {
        handlers.on_close(reason);
    }
}

asio::steady_timer& Session::timer(std::unique_ptr<asio::steady_timer>& slot) {
    if (!slot) {
        slot = std::make_unique<asio::steady_timer>(strand_);
    }
    return *slot;
}

void Session::cancel(const std::unique_ptr<asio::steady_timer>& slot) {
    if (slot) {
        slot->cancel();
    }
}

void Session::shutdown() {
    asio::dispatch(strand_, [self = shared_from_this()] { self->finish("server shutting down"); });
}

}  // namespace chatter::engineio
