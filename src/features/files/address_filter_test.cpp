#include "features/files/address_filter.hpp"

#include <gtest/gtest.h>

namespace chatter::files {
namespace {

bool refused(const char* text) {
    return address_refused(boost::asio::ip::make_address(text));
}

TEST(AddressFilter, RefusesNonPublicIpv4) {
    for (const char* address :
         {"0.0.0.0",
          "10.0.0.1",
          "10.255.255.255",
          "100.64.0.1",
          "127.0.0.1",
          "127.1.2.3",
          "169.254.169.254",
          "172.16.0.1",
          "172.31.255.255",
          "192.0.0.1",
          "192.0.2.5",
          "192.168.1.1",
          "198.18.0.1",
          "224.0.0.1",
          "239.255.255.250",
          "240.0.0.1",
          "255.255.255.255"}) {
        EXPECT_TRUE(refused(address)) << address;
    }
}

TEST(AddressFilter, AllowsPublicIpv4AtRangeEdges) {
    for (const char* address :
         {"1.1.1.1",
          "8.8.8.8",
          "9.255.255.255",
          "11.0.0.0",
          "100.63.255.255",
          "100.128.0.0",
          "172.15.255.255",
          "172.32.0.0",
          "169.253.255.255",
          "223.255.255.255"}) {
        EXPECT_FALSE(refused(address)) << address;
    }
}

TEST(AddressFilter, RefusesNonPublicIpv6) {
    for (const char* address :
         {"::",
          "::1",
          "fe80::1",
          "fc00::1",
          "fd12:3456::1",
          "ff02::1",
          "fec0::1",
          "2001:db8::1",
          "::127.0.0.1",
          "2001:0:4136:e378::1",
          "100::1"}) {
        EXPECT_TRUE(refused(address)) << address;
    }
}

TEST(AddressFilter, LooksInsideIpv6FormsThatEmbedIpv4) {
    EXPECT_TRUE(refused("::ffff:127.0.0.1"));
    EXPECT_TRUE(refused("::ffff:10.0.0.1"));
    EXPECT_TRUE(refused("::ffff:169.254.169.254"));
    EXPECT_FALSE(refused("::ffff:8.8.8.8"));
    EXPECT_TRUE(refused("64:ff9b::a00:1"));     // NAT64 of 10.0.0.1
    EXPECT_FALSE(refused("64:ff9b::808:808"));  // NAT64 of 8.8.8.8
    EXPECT_TRUE(refused("2002:7f00:1::1"));     // 6to4 of 127.0.0.1
    EXPECT_FALSE(refused("2002:808:808::1"));   // 6to4 of 8.8.8.8
}

TEST(AddressFilter, AllowsPublicIpv6) {
    EXPECT_FALSE(refused("2606:4700:4700::1111"));
    EXPECT_FALSE(refused("2a00:1450:4001::1"));
}

}  // namespace
}  // namespace chatter::files
