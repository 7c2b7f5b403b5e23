#include "pubsub/redis_url.hpp"

#include <boost/url/parse.hpp>

#include <charconv>

namespace chatter::pubsub {

namespace {

std::optional<int> parse_number(std::string_view text, int max) {
    int value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || value < 0 || value > max) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

std::string RedisAddress::text() const {
    const bool v6 = host.find(':') != std::string::npos;
    return "redis://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/" + std::to_string(db);
}

std::optional<RedisAddress> parse_redis_url(std::string_view url, std::string& error) {
    const auto parsed = boost::urls::parse_uri(url);
    if (!parsed || parsed->scheme() != "redis" || !parsed->has_authority() || parsed->host().empty() ||
        parsed->has_query() || parsed->has_fragment()) {
        error = "a Redis URL looks like redis://host:6379 or redis://:password@host:6379/0";
        return std::nullopt;
    }
    RedisAddress address;
    address.host = parsed->host_address();
    if (parsed->has_port()) {
        const auto port = parse_number(parsed->port(), 65535);
        if (!port || *port == 0) {
            error = "the Redis port must be from 1 to 65535";
            return std::nullopt;
        }
        address.port = *port;
    }
    if (parsed->has_userinfo()) {
        address.username = parsed->user();
        address.password = parsed->password();
    }
    std::string_view path = parsed->encoded_path();
    if (!path.empty() && path != "/") {
        const auto db = parse_number(path.substr(1), 65535);
        if (!db) {
            error = "the Redis database after the '/' must be a number";
            return std::nullopt;
        }
        address.db = *db;
    }
    return address;
}

}  // namespace chatter::pubsub
