#include "pubsub/redis_connection.hpp"

#include <hiredis/hiredis.h>

#include <sys/time.h>

#include <memory>

namespace chatter::pubsub {

namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
    return timeval{
        .tv_sec = static_cast<time_t>(ms.count() / 1000),
        .tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000),
    };
}

struct ReplyDeleter {
    void operator()(void* reply) const { freeReplyObject(reply); }
};
using OwnedReply = std::unique_ptr<void, ReplyDeleter>;

}  // namespace

Reply Reply::from(const redisReply& reply) {
    Reply out;
    switch (reply.type) {
        case REDIS_REPLY_STRING:
            out.type = Type::kString;
            out.str.assign(reply.str, reply.len);
            break;
        case REDIS_REPLY_STATUS:
            out.type = Type::kStatus;
            out.str.assign(reply.str, reply.len);
            break;
        case REDIS_REPLY_ERROR:
            out.type = Type::kError;
            out.str.assign(reply.str, reply.len);
            break;
        case REDIS_REPLY_INTEGER:
            out.type = Type::kInteger;
            out.integer = reply.integer;
            break;
        case REDIS_REPLY_ARRAY:
            out.type = Type::kArray;
            out.elements.reserve(reply.elements);
            for (size_t i = 0; i < reply.elements; ++i) {
                out.elements.push_back(from(*reply.element[i]));
            }
            break;
        default:
            out.type = Type::kNil;
    }
    return out;
}

RedisConnection::RedisConnection(RedisAddress address, std::chrono::milliseconds timeout)
    : address_(std::move(address)), timeout_(timeout) {}

RedisConnection::~RedisConnection() {
    close();
}

void RedisConnection::close() {
    if (context_ != nullptr) {
        redisFree(context_);
        context_ = nullptr;
    }
}

void RedisConnection::fail(std::string_view what) {
    std::string message(what);
    if (context_ != nullptr && context_->err != 0) {
        message.append(": ").append(context_->errstr);
    }
    close();
    throw RedisError(message);
}

void RedisConnection::connect() {
    close();
    context_ = redisConnectWithTimeout(address_.host.c_str(), address_.port, to_timeval(timeout_));
    if (context_ == nullptr) {
        throw RedisError("cannot allocate a Redis context");
    }
    if (context_->err != 0) {
        fail("cannot connect to " + address_.text());
    }
    if (redisSetTimeout(context_, to_timeval(timeout_)) != REDIS_OK) {
        fail("cannot set the Redis timeout");
    }
    redisEnableKeepAlive(context_);
    if (!address_.password.empty()) {
        const Reply auth = address_.username.empty() ? command({"AUTH", address_.password})
                                                     : command({"AUTH", address_.username, address_.password});
        if (auth.is_error()) {
            fail("Redis refused the credentials: " + auth.str);
        }
    }
    if (address_.db != 0) {
        const std::string db = std::to_string(address_.db);
        if (const Reply select = command({"SELECT", db}); select.is_error()) {
            fail("Redis refused SELECT " + db + ": " + select.str);
        }
    }
}

void RedisConnection::append(const Command& args) {
    if (context_ == nullptr) {
        throw RedisError("not connected to Redis");
    }
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    argv.reserve(args.size());
    lengths.reserve(args.size());
    for (const auto arg : args) {
        argv.push_back(arg.data());
        lengths.push_back(arg.size());
    }
    if (redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data()) != REDIS_OK) {
        fail("cannot queue a Redis command");
    }
}

void RedisConnection::flush() {
    int done = 0;
    while (done == 0) {
        if (redisBufferWrite(context_, &done) != REDIS_OK) {
            fail("lost the connection to Redis while writing");
        }
    }
}

Reply RedisConnection::command(const Command& args) {
    append(args);
    void* raw = nullptr;
    if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) {
        fail("lost the connection to Redis");
    }
    const OwnedReply reply(raw);
    return Reply::from(*static_cast<redisReply*>(raw));
}

std::vector<Reply> RedisConnection::pipeline(const std::vector<Command>& commands) {
    for (const auto& args : commands) {
        append(args);
    }
    std::vector<Reply> replies;
    replies.reserve(commands.size());
    for (size_t i = 0; i < commands.size(); ++i) {
        void* raw = nullptr;
        if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) {
            fail("lost the connection to Redis");
        }
        const OwnedReply reply(raw);
        replies.push_back(Reply::from(*static_cast<redisReply*>(raw)));
    }
    return replies;
}

std::optional<Reply> RedisConnection::buffered_reply() {
    void* raw = nullptr;
    if (redisGetReplyFromReader(context_, &raw) != REDIS_OK) {
        fail("Redis sent something that is not RESP");
    }
    if (raw == nullptr) {
        return std::nullopt;
    }
    const OwnedReply reply(raw);
    return Reply::from(*static_cast<redisReply*>(raw));
}

void RedisConnection::read_available() {
    if (redisBufferRead(context_) != REDIS_OK) {
        fail("lost the connection to Redis");
    }
}

int RedisConnection::fd() const {
    return context_ == nullptr ? -1 : context_->fd;
}

}  // namespace chatter::pubsub
