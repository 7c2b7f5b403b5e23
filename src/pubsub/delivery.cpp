#include "pubsub/delivery.hpp"

#include <spdlog/spdlog.h>

#include <exception>

#include "pubsub/envelope.hpp"

namespace chatter::pubsub {

void deliver(
    const std::string& own_node_id,
    const std::unordered_map<std::string, std::vector<Bus::Handler>>& handlers,
    std::string_view channel,
    std::string_view frame
) {
    const auto opened = open(frame);
    if (!opened) {
        spdlog::warn("bus: dropped a malformed message on {} ({} bytes without a node id)", channel, frame.size());
        return;
    }
    if (opened->node_id == own_node_id) {
        return;
    }
    const auto found = handlers.find(std::string(channel));
    if (found == handlers.end()) {
        return;
    }
    for (const auto& handler : found->second) {
        try {
            handler(opened->body);
        } catch (const std::exception& error) {
            spdlog::warn("bus: a message from node {} on {} was dropped: {}", opened->node_id, channel, error.what());
        }
    }
}

}  // namespace chatter::pubsub
