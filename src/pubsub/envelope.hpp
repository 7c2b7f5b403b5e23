#pragma once
// The frame every bus message travels in: `<node id>\n<body>`. The node id lets a node drop its
// own messages (Redis hands a publisher its own messages back) without parsing the body.

#include <optional>
#include <string>
#include <string_view>

namespace chatter::pubsub {

/// 1–64 characters of A–Z a–z 0–9 '.' '_' '-'.
bool valid_node_id(std::string_view id);

std::string seal(std::string_view node_id, std::string_view body);

struct Opened {
    std::string_view node_id;
    std::string_view body;
};

/// nullopt when `frame` has no newline or its node id is not valid (the caller logs and drops it).
std::optional<Opened> open(std::string_view frame);

/// A fresh node id: the host name (cut to fit) and 8 random hex digits, e.g. `web-1-3fa9c2d0`.
std::string generate_node_id();

}  // namespace chatter::pubsub
