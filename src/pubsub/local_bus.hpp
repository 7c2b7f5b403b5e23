#pragma once
// The in-process Bus: several LocalBus objects attached to one LocalHub behave like nodes on one
// Redis, so cluster code can run (and be tested) with no server at all. Each bus delivers on its
// own thread, as the Redis bus does.

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "pubsub/bus.hpp"

namespace chatter::pubsub {

class LocalBus;

/// What the LocalBus objects of one simulated cluster share.
class LocalHub {
  public:
    /// Delivers `frame` (already sealed) on `channel` to every attached bus, the sender included:
    /// each bus drops its own messages, as with Redis.
    void fan_out(const std::string& channel, const std::string& frame);

  private:
    friend class LocalBus;
    void attach(LocalBus* bus);
    void detach(LocalBus* bus);

    std::mutex mutex_;
    std::vector<LocalBus*> buses_;
};

class LocalBus final : public Bus {
  public:
    LocalBus(std::shared_ptr<LocalHub> hub, std::string node_id);
    ~LocalBus() override;

    LocalBus(const LocalBus&) = delete;
    LocalBus& operator=(const LocalBus&) = delete;

    const std::string& node_id() const override { return node_id_; }
    void subscribe(const std::string& channel, Handler handler) override;
    void start() override;
    void publish(const std::string& channel, std::string message) override;
    void stop() override;

  private:
    friend class LocalHub;
    void enqueue(const std::string& channel, const std::string& frame);
    void run();

    std::shared_ptr<LocalHub> hub_;
    const std::string node_id_;
    std::unordered_map<std::string, std::vector<Handler>> handlers_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::pair<std::string, std::string>> queue_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace chatter::pubsub
