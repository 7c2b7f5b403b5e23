#pragma once
// Hands one received frame to a channel's handlers; shared by the local and the Redis bus so
// both filter and log alike.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pubsub/bus.hpp"

namespace chatter::pubsub {

/// Drops frames this node sealed, logs and drops malformed ones, and shields the bus thread from
/// a handler that throws.
void deliver(
    const std::string& own_node_id,
    const std::unordered_map<std::string, std::vector<Bus::Handler>>& handlers,
    std::string_view channel,
    std::string_view frame
);

}  // namespace chatter::pubsub
