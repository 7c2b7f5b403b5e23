#include "features/files/address_filter.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace chatter::files {

namespace {

bool v4_refused(const boost::asio::ip::address_v4& address) {
    const uint32_t a = address.to_uint();
    struct Net {
        uint32_t base;
        int bits;
    };
    static constexpr std::array<Net, 15> kRefused{{
        {0x00000000, 8},   // 0.0.0.0/8 "this network"
        {0x0a000000, 8},   // 10/8 private
        {0x64400000, 10},  // 100.64/10 shared address space (CGNAT)
        {0x7f000000, 8},   // 127/8 loopback
        {0xa9fe0000, 16},  // 169.254/16 link-local (cloud metadata)
        {0xac100000, 12},  // 172.16/12 private
        {0xc0000000, 24},  // 192.0.0/24 IETF protocol assignments
        {0xc0000200, 24},  // 192.0.2/24 documentation
        {0xc0586300, 24},  // 192.88.99/24 6to4 relay anycast
        {0xc0a80000, 16},  // 192.168/16 private
        {0xc6120000, 15},  // 198.18/15 benchmarking
        {0xc6336400, 24},  // 198.51.100/24 documentation
        {0xcb007100, 24},  // 203.0.113/24 documentation
        {0xe0000000, 4},   // 224/4 multicast
        {0xf0000000, 4},   // 240/4 reserved and 255.255.255.255 broadcast
    }};
    for (const auto& net : kRefused) {
        const uint32_t mask = net.bits == 0 ? 0 : ~uint32_t{0} << (32 - net.bits);
        if ((a & mask) == net.base) {
            return true;
        }
    }
    return false;
}

boost::asio::ip::address_v4 embedded_v4(const std::array<unsigned char, 16>& b, size_t offset) {
    return boost::asio::ip::address_v4(boost::asio::ip::address_v4::bytes_type{
        b[offset], b[offset + 1], b[offset + 2], b[offset + 3]});
}

bool v6_refused(const boost::asio::ip::address_v6& address) {
    const auto b = address.to_bytes();
    if (address.is_unspecified() || address.is_loopback() || address.is_multicast() || address.is_link_local() ||
        address.is_site_local()) {
        return true;
    }
    if (address.is_v4_mapped()) {
        return v4_refused(embedded_v4(b, 12));
    }
    bool first_96_zero = true;
    for (size_t i = 0; i < 12; ++i) {
        first_96_zero = first_96_zero && b[i] == 0;
    }
    if (first_96_zero) {
        return true;  // ::/96 IPv4-compatible (deprecated), never a public destination
    }
    if ((b[0] & 0xfe) == 0xfc) {
        return true;  // fc00::/7 unique local
    }
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) {
        return true;  // 2001:db8::/32 documentation
    }
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) {
        return true;  // 2001::/32 Teredo tunnels to arbitrary IPv4 addresses
    }
    if (b[0] == 0x20 && b[1] == 0x02) {
        return v4_refused(embedded_v4(b, 2));  // 2002::/16 6to4 embeds an IPv4 address
    }
    const std::array<unsigned char, 12> nat64{0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    if (std::equal(nat64.begin(), nat64.end(), b.begin())) {
        return v4_refused(embedded_v4(b, 12));  // 64:ff9b::/96 NAT64
    }
    if (b[0] == 0x01 && b[1] == 0x00 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) {
        return true;  // 100::/64 discard
    }
    return false;
}

}  // namespace

bool address_refused(const boost::asio::ip::address& address) {
    return address.is_v4() ? v4_refused(address.to_v4()) : v6_refused(address.to_v6());
}

}  // namespace chatter::files
