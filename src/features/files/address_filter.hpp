#pragma once
// Which network addresses a server-side fetch (URL import) may connect to: only public unicast.
// Refuses loopback, private, shared (CGNAT), link-local, multicast, unspecified, broadcast,
// documentation and reserved ranges, and IPv6 forms that embed such an IPv4 address.

#include <boost/asio/ip/address.hpp>

namespace chatter::files {

/// True when connecting to `address` could reach the server itself or a non-public network.
bool address_refused(const boost::asio::ip::address& address);

}  // namespace chatter::files
