#pragma once
// Publish/subscribe between the nodes of a cluster (docs/decisions/0007-cluster-bus.md). A
// message is an opaque string on a named channel; every node sees what the others publish, in
// the order each publisher published it, and never its own messages. Delivery is at most once:
// what is published while the transport is away is lost.

#include <functional>
#include <string>
#include <string_view>

namespace chatter::pubsub {

class Bus {
  public:
    /// Called on the bus's own delivery thread, never on a network thread; one message at a time.
    using Handler = std::function<void(std::string_view message)>;

    virtual ~Bus() = default;

    /// This node's id: messages carry it, and a node drops the messages that carry its own.
    virtual const std::string& node_id() const = 0;

    /// Before start(). `handler` receives what other nodes publish on `channel`.
    virtual void subscribe(const std::string& channel, Handler handler) = 0;

    /// Starts delivering. Returns at once even when the transport is not reachable yet.
    virtual void start() = 0;

    /// Queues `message` for the other nodes. Any thread; never blocks on the network.
    virtual void publish(const std::string& channel, std::string message) = 0;

    /// Stops delivering and joins the bus's threads; queued messages not yet sent are dropped.
    virtual void stop() = 0;
};

}  // namespace chatter::pubsub
