#pragma once
// Where Redis is: `redis://[[user]:password@]host[:port][/db]` (the form redis-cli and most
// clients take). TLS (`rediss://`) and Unix sockets are not supported.

#include <optional>
#include <string>
#include <string_view>

namespace chatter::pubsub {

struct RedisAddress {
    std::string host = "127.0.0.1";
    int port = 6379;
    std::string username;  // empty: AUTH with the password alone
    std::string password;  // empty: no AUTH
    int db = 0;

    /// The URL without credentials, for logs.
    std::string text() const;
};

/// nullopt with `error` set (a sentence for the command line) when `url` is not of that form.
std::optional<RedisAddress> parse_redis_url(std::string_view url, std::string& error);

}  // namespace chatter::pubsub
