#include "engineio/deadline_queue.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace chatter::engineio {
namespace {

using namespace std::chrono_literals;
using Clock = DeadlineQueue::Clock;

// Records each expiry with its time; runs on the io_context thread under the queue's lock.
class Recorder : public DeadlineQueue::Entry {
  public:
    Recorder(std::string name, std::vector<std::string>& log) : name_(std::move(name)), log_(log) {}
    ~Recorder() = default;
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    std::optional<Clock::time_point> fired_at;
    uint64_t fired_generation = 0;

  protected:
    void expired(uint64_t generation) override {
        fired_at = Clock::now();
        fired_generation = generation;
        log_.push_back(name_);
    }

  private:
    std::string name_;
    std::vector<std::string>& log_;
};

class DeadlineQueueTest : public ::testing::Test {
  protected:
    boost::asio::io_context ctx_;
    DeadlineQueue& queue_ = DeadlineQueue::of(ctx_);
    std::vector<std::string> log_;
};

TEST_F(DeadlineQueueTest, ExpiresEachEntryAtItsOwnTimeAcrossLanes) {
    Recorder slow("slow", log_);
    Recorder fast("fast", log_);
    Recorder middle("middle", log_);
    const auto start = Clock::now();
    const uint64_t slow_generation = queue_.arm(slow, 120ms);
    queue_.arm(fast, 30ms);
    queue_.arm(middle, 60ms);
    EXPECT_EQ(queue_.size(), 3U);
    ctx_.run();
    EXPECT_EQ(log_, (std::vector<std::string>{"fast", "middle", "slow"}));
    ASSERT_TRUE(slow.fired_at && fast.fired_at && middle.fired_at);
    EXPECT_GE(*fast.fired_at - start, 30ms);
    EXPECT_GE(*middle.fired_at - start, 60ms);
    EXPECT_GE(*slow.fired_at - start, 120ms);
    EXPECT_EQ(slow.fired_generation, slow_generation);
    EXPECT_EQ(queue_.size(), 0U);
}

TEST_F(DeadlineQueueTest, EntriesOfOneLaneExpireInArmingOrder) {
    Recorder first("first", log_);
    Recorder second("second", log_);
    Recorder third("third", log_);
    queue_.arm(first, 20ms);
    queue_.arm(second, 20ms);
    queue_.arm(third, 20ms);
    ctx_.run();
    EXPECT_EQ(log_, (std::vector<std::string>{"first", "second", "third"}));
}

TEST_F(DeadlineQueueTest, CancelledAndDestroyedEntriesNeverExpire) {
    Recorder kept("kept", log_);
    Recorder cancelled("cancelled", log_);
    queue_.arm(cancelled, 10ms);
    queue_.arm(kept, 40ms);
    {
        Recorder destroyed("destroyed", log_);
        queue_.arm(destroyed, 5ms);
    }
    queue_.cancel(cancelled);
    EXPECT_EQ(queue_.size(), 1U);
    ctx_.run();
    EXPECT_EQ(log_, (std::vector<std::string>{"kept"}));
}

TEST_F(DeadlineQueueTest, RearmingReplacesTheDeadlineWithANewGeneration) {
    Recorder entry("entry", log_);
    const uint64_t first = queue_.arm(entry, 10ms);
    const auto start = Clock::now();
    const uint64_t second = queue_.arm(entry, 50ms);
    EXPECT_NE(first, second);
    EXPECT_EQ(queue_.size(), 1U);
    ctx_.run();
    EXPECT_EQ(log_, (std::vector<std::string>{"entry"}));
    EXPECT_EQ(entry.fired_generation, second);
    EXPECT_GE(*entry.fired_at - start, 50ms);
}

TEST_F(DeadlineQueueTest, AnEarlierDeadlineArmedLaterWakesTheTimerSooner) {
    Recorder late("late", log_);
    Recorder early("early", log_);
    queue_.arm(late, 10s);
    queue_.arm(early, 10ms);
    while (log_.empty()) {
        ctx_.run_one();
    }
    EXPECT_EQ(log_, (std::vector<std::string>{"early"}));
    EXPECT_EQ(queue_.size(), 1U);
    queue_.cancel(late);
}

TEST(DeadlineQueueLifetimeTest, EntriesOutliveTheirIoContext) {
    std::vector<std::string> log;
    Recorder entry("entry", log);
    {
        boost::asio::io_context ctx;
        DeadlineQueue::of(ctx).arm(entry, 10s);
    }
    EXPECT_TRUE(log.empty());
}

}  // namespace
}  // namespace chatter::engineio
