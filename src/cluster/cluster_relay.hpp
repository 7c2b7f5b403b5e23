#pragma once
// Cross-node delivery (docs/decisions/0007-cluster-bus.md): an EventSink that delivers to this
// node's connections and publishes the same event on the bus, and the receiving side that
// delivers what other nodes published to this node's connections. Each event reaches every
// connection exactly once: the publishing node delivers locally, every other node delivers what
// it receives, and the bus never hands a node its own messages. Node signals travel the same
// channel, so a node sees another's events and signals in the order they were raised.

#include <boost/json/object.hpp>

#include <functional>
#include <string>
#include <string_view>

#include "core/event_sink.hpp"
#include "core/node_signals.hpp"
#include "pubsub/bus.hpp"

namespace chatter::cluster {

class ClusterRelay final : public EventSink, public NodeSignals {
  public:
    /// Runs a job on a worker thread (received signal handlers may block on storage).
    using Post = std::function<void(std::function<void()>)>;

    static constexpr const char* kChannel = "chatter:events";

    /// Subscribes to the bus: construct before bus.start().
    ClusterRelay(EventSink& local, pubsub::Bus& bus, Post post);

    void to_user(const std::string& username, const std::string& event, const boost::json::value& payload) override;
    void to_room(const std::string& room, const std::string& event, const boost::json::value& payload) override;
    void to_room_except(
        const std::string& room,
        const std::string& except_connection,
        const std::string& event,
        const boost::json::value& payload
    ) override;
    void to_all(const std::string& event, const boost::json::value& payload) override;
    void disconnect_user(const std::string& username) override;

    void on(const std::string& name, Handler handler) override;
    void raise(const std::string& name, const boost::json::value& data) override;

    /// Delivers one message another node published. A message that is not one of ours (bad JSON,
    /// missing or mistyped fields, unknown operation) is logged and dropped.
    void receive(std::string_view body);

  private:
    void publish(const boost::json::object& message);

    EventSink& local_;
    pubsub::Bus& bus_;
    Post post_;
    LocalNodeSignals signals_;
};

}  // namespace chatter::cluster
