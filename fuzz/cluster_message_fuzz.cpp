// Feeds arbitrary bytes, as they could arrive from Redis, through what a cluster node does with a
// bus message: the envelope (pubsub::open) and the relay's decoding of the event inside it. A
// malformed message may only be dropped with a log line; nothing may crash or throw out.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>
#include <boost/json/src.hpp>

#include "cluster/cluster_relay.hpp"
#include "core/event_sink.hpp"
#include "pubsub/bus.hpp"
#include "pubsub/envelope.hpp"

namespace {

/// Keeps the relay's subscription so the fuzzer can deliver to it; publishes nowhere.
class FuzzBus final : public chatter::pubsub::Bus {
  public:
    const std::string& node_id() const override { return id_; }
    void subscribe(const std::string& /*channel*/, Handler handler) override { handler_ = std::move(handler); }
    void start() override {}
    void publish(const std::string& /*channel*/, std::string /*message*/) override {}
    void stop() override {}
    void deliver(std::string_view body) const { handler_(body); }

  private:
    std::string id_ = "fuzz-node";
    Handler handler_;
};

struct Node {
    Node() : relay(sink, bus, [](const std::function<void()>& work) { work(); }) {
        spdlog::set_level(spdlog::level::off);
        relay.on("address_bans", [](const boost::json::value&) {});
    }
    chatter::NullEventSink sink;
    FuzzBus bus;
    chatter::cluster::ClusterRelay relay;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static Node node;
    const std::string_view frame(reinterpret_cast<const char*>(data), size);
    if (const auto opened = chatter::pubsub::open(frame)) {
        node.bus.deliver(opened->body);
    }
    node.bus.deliver(frame);  // a body that skipped the envelope check
    return 0;
}
