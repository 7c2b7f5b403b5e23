#pragma once
// One blocking hiredis connection (hiredis has no Asio adapter, so Redis is only ever talked to
// from threads of our own that may block: the bus's, the workers', the cluster timers'). Not
// thread-safe: RedisClient guards connections shared between threads.

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "pubsub/redis_url.hpp"

struct redisContext;
struct redisReply;

namespace chatter::pubsub {

/// The connection failed (refused, closed, timed out, protocol error); it is closed afterwards.
class RedisError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// A reply, copied out of hiredis's tree.
struct Reply {
    enum class Type { kString, kArray, kInteger, kNil, kStatus, kError };
    Type type = Type::kNil;
    int64_t integer = 0;
    std::string str;  // string, status and error text
    std::vector<Reply> elements;

    bool is_error() const { return type == Type::kError; }
    bool is_nil() const { return type == Type::kNil; }

    static Reply from(const redisReply& reply);
};

using Command = std::vector<std::string_view>;

class RedisConnection {
  public:
    RedisConnection(RedisAddress address, std::chrono::milliseconds timeout);
    ~RedisConnection();

    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    /// Connects, authenticates and selects the database. Throws RedisError.
    void connect();
    bool connected() const { return context_ != nullptr; }
    void close();

    /// Sends one command and waits for its reply. An error reply is returned, not thrown.
    Reply command(const Command& args);

    /// Sends every command at once, then reads one reply per command.
    std::vector<Reply> pipeline(const std::vector<Command>& commands);

    // For a subscriber that waits on the socket itself (poll) between replies.

    /// Queues a command without waiting for its reply; flush() writes what is queued.
    void append(const Command& args);
    void flush();
    /// The next reply already read from the socket, if complete.
    std::optional<Reply> buffered_reply();
    /// Reads what the socket has (call when poll says it is readable). Throws RedisError on EOF.
    void read_available();
    int fd() const;

  private:
    [[noreturn]] void fail(std::string_view what);

    const RedisAddress address_;
    const std::chrono::milliseconds timeout_;
    redisContext* context_ = nullptr;
};

}  // namespace chatter::pubsub
