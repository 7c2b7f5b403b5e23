#pragma once
// IP addresses and networks (CIDR) for address bans and trusted proxies, and the rule that decides
// which address a request comes from.

#include <array>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace chatter::net {

/// An IPv4 or IPv6 network. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are treated as IPv4, so
/// a ban of 10.0.0.0/8 also matches a dual-stack peer written as ::ffff:10.1.2.3.
struct IpNetwork {
    std::array<uint8_t, 16> bytes{};  // IPv4 in the first 4 bytes
    int prefix = 0;                   // 0–32 for IPv4, 0–128 for IPv6
    bool v4 = false;

    /// Canonical text: "10.0.0.0/8", "2001:db8::/32"; a single address has /32 or /128.
    std::string text() const;
    bool contains(const IpNetwork& address) const;
};

/// Parses "1.2.3.4", "10.0.0.0/8", "::1", "[2001:db8::1]", "2001:db8::/32". Host bits below the
/// prefix are cleared. nullopt for anything else (names, ports, prefixes out of range).
std::optional<IpNetwork> parse_network(std::string_view text);

/// Parses every entry (skipping invalid ones, which the command line has already refused).
std::vector<IpNetwork> parse_networks(const std::vector<std::string>& texts);

/// The client address of a request: the TCP peer, unless the peer is one of `trusted_proxies`;
/// then the right-most X-Forwarded-For entry that is not a trusted proxy (entries left of it were
/// written by the client and prove nothing). An entry that is not an address stops the walk and
/// the last trusted hop is used.
std::string client_address(
    std::string_view peer, std::string_view forwarded_for, const std::vector<IpNetwork>& trusted_proxies
);

/// A set of networks read on every handshake and written on the rare admin change.
class NetworkSet {
  public:
    void replace(std::vector<IpNetwork> networks);
    /// True when `address` parses and lies in one of the networks.
    bool contains(std::string_view address) const;

  private:
    mutable std::shared_mutex mutex_;
    std::vector<IpNetwork> networks_;
};

}  // namespace chatter::net
