#include "pubsub/envelope.hpp"

#include <unistd.h>

#include <array>

#include "core/crypto.hpp"

namespace chatter::pubsub {

namespace {

constexpr size_t kMaxNodeId = 64;

bool node_id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
}

}  // namespace

bool valid_node_id(std::string_view id) {
    if (id.empty() || id.size() > kMaxNodeId) {
        return false;
    }
    for (const char c : id) {
        if (!node_id_char(c)) {
            return false;
        }
    }
    return true;
}

std::string seal(std::string_view node_id, std::string_view body) {
    std::string frame;
    frame.reserve(node_id.size() + 1 + body.size());
    frame.append(node_id).push_back('\n');
    frame.append(body);
    return frame;
}

std::optional<Opened> open(std::string_view frame) {
    const size_t newline = frame.find('\n');
    if (newline == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view node = frame.substr(0, newline);
    if (!valid_node_id(node)) {
        return std::nullopt;
    }
    return Opened{node, frame.substr(newline + 1)};
}

std::string generate_node_id() {
    std::array<char, 256> host{};
    std::string id;
    if (gethostname(host.data(), host.size() - 1) == 0) {
        for (const char* c = host.data(); *c != '\0' && id.size() < kMaxNodeId - 9; ++c) {
            id.push_back(node_id_char(*c) ? *c : '-');
        }
    }
    if (id.empty()) {
        id = "node";
    }
    return id + "-" + crypto::random_hex(4);
}

}  // namespace chatter::pubsub
