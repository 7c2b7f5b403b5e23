#include "net/ip_network.hpp"

#include <boost/asio/ip/address.hpp>

#include <charconv>
#include <mutex>

namespace chatter::net {

namespace {

std::optional<IpNetwork> parse_address(std::string_view text) {
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
        text = text.substr(1, text.size() - 2);
    }
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(std::string(text), ec);
    if (ec) {
        return std::nullopt;
    }
    IpNetwork out;
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
    }
    if (address.is_v4()) {
        const auto bytes = address.to_v4().to_bytes();
        std::copy(bytes.begin(), bytes.end(), out.bytes.begin());
        out.v4 = true;
        out.prefix = 32;
    } else {
        if (address.to_v6().scope_id() != 0) {
            return std::nullopt;
        }
        out.bytes = address.to_v6().to_bytes();
        out.prefix = 128;
    }
    return out;
}

std::string_view trim(std::string_view text) {
    const size_t first = text.find_first_not_of(" \t");
    return first == std::string_view::npos ? std::string_view{}
                                           : text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool in_any(const IpNetwork& address, const std::vector<IpNetwork>& networks) {
    for (const auto& network : networks) {
        if (network.contains(address)) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::optional<IpNetwork> parse_network(std::string_view text) {
    const size_t slash = text.find('/');
    auto network = parse_address(text.substr(0, slash));
    if (!network || slash == std::string_view::npos) {
        return network;
    }
    const std::string_view digits = text.substr(slash + 1);
    int prefix = -1;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    const int max = network->v4 ? 32 : 128;
    if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() || prefix < 0 || prefix > max) {
        return std::nullopt;
    }
    network->prefix = prefix;
    for (int bit = prefix; bit < max; ++bit) {
        network->bytes[static_cast<size_t>(bit / 8)] &= static_cast<uint8_t>(~(0x80U >> (bit % 8)));
    }
    return network;
}

std::vector<IpNetwork> parse_networks(const std::vector<std::string>& texts) {
    std::vector<IpNetwork> out;
    for (const auto& text : texts) {
        if (auto network = parse_network(text)) {
            out.push_back(*network);
        }
    }
    return out;
}

std::string IpNetwork::text() const {
    std::string address;
    if (v4) {
        address = boost::asio::ip::address_v4({bytes[0], bytes[1], bytes[2], bytes[3]}).to_string();
    } else {
        address = boost::asio::ip::address_v6(bytes).to_string();
    }
    return address.append("/").append(std::to_string(prefix));
}

bool IpNetwork::contains(const IpNetwork& address) const {
    if (v4 != address.v4 || address.prefix < prefix) {
        return false;
    }
    for (int bit = 0; bit < prefix; ++bit) {
        const auto mask = static_cast<uint8_t>(0x80U >> (bit % 8));
        const auto index = static_cast<size_t>(bit / 8);
        if ((bytes[index] & mask) != (address.bytes[index] & mask)) {
            return false;
        }
    }
    return true;
}

std::string client_address(
    std::string_view peer, std::string_view forwarded_for, const std::vector<IpNetwork>& trusted_proxies
) {
    const auto peer_address = parse_address(peer);
    if (trusted_proxies.empty() || !peer_address || !in_any(*peer_address, trusted_proxies)) {
        return std::string(peer);
    }
    std::string chosen(peer);
    while (!forwarded_for.empty()) {
        const size_t comma = forwarded_for.rfind(',');
        const std::string_view entry =
            trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
        forwarded_for = comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
        const auto hop = parse_address(entry);
        if (!hop) {
            return chosen;
        }
        chosen = hop->text();
        chosen.resize(chosen.rfind('/'));
        if (!in_any(*hop, trusted_proxies)) {
            return chosen;
        }
    }
    return chosen;
}

void NetworkSet::replace(std::vector<IpNetwork> networks) {
    std::unique_lock lock(mutex_);
    networks_ = std::move(networks);
}

bool NetworkSet::contains(std::string_view address) const {
    const auto parsed = parse_network(address);
    if (!parsed || parsed->prefix != (parsed->v4 ? 32 : 128)) {
        return false;
    }
    std::shared_lock lock(mutex_);
    return in_any(*parsed, networks_);
}

}  // namespace chatter::net
