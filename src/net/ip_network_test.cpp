#include "net/ip_network.hpp"

#include <gtest/gtest.h>

namespace chatter::net {
namespace {

std::vector<IpNetwork> networks(std::initializer_list<std::string_view> texts) {
    std::vector<IpNetwork> out;
    for (auto text : texts) {
        out.push_back(*parse_network(text));
    }
    return out;
}

TEST(IpNetwork, ParsesAddressesAndCidrsCanonically) {
    EXPECT_EQ(parse_network("10.1.2.3")->text(), "10.1.2.3/32");
    EXPECT_EQ(parse_network("10.1.2.3/8")->text(), "10.0.0.0/8");
    EXPECT_EQ(parse_network("2001:db8::1/32")->text(), "2001:db8::/32");
    EXPECT_EQ(parse_network("[::1]")->text(), "::1/128");
    EXPECT_EQ(parse_network("::ffff:192.168.1.9")->text(), "192.168.1.9/32");
}

TEST(IpNetwork, RefusesWhatIsNotANetwork) {
    for (auto bad :
         {"",
          "example.com",
          "10.0.0.0/33",
          "10.0.0.0/",
          "10.0.0.0/-1",
          "::/129",
          "1.2.3.4:80",
          "10.0.0.0/8/8",
          "300.1.1.1",
          "10.0.0.0/ 8"}) {
        EXPECT_FALSE(parse_network(bad).has_value()) << bad;
    }
}

TEST(IpNetwork, ContainsRespectsPrefixAndFamily) {
    const auto net = *parse_network("192.168.0.0/16");
    EXPECT_TRUE(net.contains(*parse_network("192.168.200.1")));
    EXPECT_TRUE(net.contains(*parse_network("::ffff:192.168.0.1")));
    EXPECT_FALSE(net.contains(*parse_network("192.169.0.1")));
    EXPECT_FALSE(net.contains(*parse_network("::1")));
    EXPECT_TRUE(parse_network("0.0.0.0/0")->contains(*parse_network("8.8.8.8")));
    EXPECT_TRUE(parse_network("2001:db8::/32")->contains(*parse_network("2001:db8:ffff::1")));
}

TEST(ClientAddress, IgnoresForwardedForWithoutTrustedProxies) {
    EXPECT_EQ(client_address("127.0.0.1", "203.0.113.9", {}), "127.0.0.1");
    EXPECT_EQ(client_address("198.51.100.1", "203.0.113.9", networks({"127.0.0.1"})), "198.51.100.1");
}

TEST(ClientAddress, TakesRightMostUntrustedHop) {
    const auto trusted = networks({"127.0.0.1", "10.0.0.0/8"});
    EXPECT_EQ(client_address("127.0.0.1", "203.0.113.9", trusted), "203.0.113.9");
    // The client wrote 1.1.1.1 itself; the proxies appended the real address and themselves.
    EXPECT_EQ(client_address("127.0.0.1", "1.1.1.1, 203.0.113.9, 10.0.0.2", trusted), "203.0.113.9");
    EXPECT_EQ(client_address("127.0.0.1", "10.0.0.3,10.0.0.2", trusted), "10.0.0.3");
    EXPECT_EQ(client_address("127.0.0.1", "", trusted), "127.0.0.1");
    EXPECT_EQ(client_address("127.0.0.1", "garbage, 10.0.0.2", trusted), "10.0.0.2");
    EXPECT_EQ(client_address("127.0.0.1", "[2001:db8::5]", trusted), "2001:db8::5");
}

TEST(NetworkSet, MatchesOnlySingleAddresses) {
    NetworkSet set;
    set.replace(networks({"203.0.113.0/24"}));
    EXPECT_TRUE(set.contains("203.0.113.77"));
    EXPECT_FALSE(set.contains("203.0.114.1"));
    EXPECT_FALSE(set.contains("203.0.113.0/24"));
    EXPECT_FALSE(set.contains("not an address"));
}

}  // namespace
}  // namespace chatter::net
