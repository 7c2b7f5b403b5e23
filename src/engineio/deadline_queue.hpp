#pragma once
// One timer per io_context for the heartbeat deadlines of all its sessions (architecture.md §4:
// memory per idle connection). A steady_timer per session costs about 100 bytes inline plus a
// pending wait operation of 200-350 bytes; an entry here costs 48 bytes and no allocation.
//
// Deadlines are kept in lanes, one per distinct duration: every entry of a lane was armed as
// "now + the lane's duration", so appending keeps each lane sorted and arming, cancelling and
// expiring are O(1). The single timer waits for the earliest lane head, so each deadline fires at
// its exact time (the protocol's millisecond-accurate heartbeat, socketio-protocol.md §1.7).

#include <boost/asio/execution_context.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace chatter::engineio {

class DeadlineQueue : public boost::asio::execution_context::service {
    struct Lane;

  public:
    using Clock = std::chrono::steady_clock;
    using key_type = DeadlineQueue;
    static boost::asio::execution_context::id id;  // NOLINT(readability-identifier-naming): asio's name

    /// A deadline owned by some object. Destroying a linked entry cancels it.
    class Entry {
      public:
        Entry() = default;
        Entry(const Entry&) = delete;
        Entry& operator=(const Entry&) = delete;

      protected:
        ~Entry();
        /// Runs on the io_context's thread with the queue locked, once per expiry of `generation`
        /// (the value `arm` returned). It must only hand the work on (post to a strand); it must
        /// not call back into the queue. The owner compares `generation` with the latest arm to
        /// ignore an expiry that a later arm or cancel overtook.
        virtual void expired(uint64_t generation) = 0;

      private:
        friend class DeadlineQueue;
        Lane* lane_ = nullptr;
        Entry* prev_ = nullptr;
        Entry* next_ = nullptr;
        DeadlineQueue* queue_ = nullptr;
        Clock::time_point due_{};
        uint64_t generation_ = 0;
    };

    explicit DeadlineQueue(boost::asio::io_context& context);
    ~DeadlineQueue() override;
    DeadlineQueue(const DeadlineQueue&) = delete;
    DeadlineQueue& operator=(const DeadlineQueue&) = delete;

    /// The queue of `context` (one per io_context, created on first use).
    static DeadlineQueue& of(boost::asio::io_context& context);

    /// Any thread. (Re)arms `entry` to expire `after` from now, replacing its previous deadline.
    /// Returns the generation that `expired` will be called with.
    uint64_t arm(Entry& entry, Clock::duration after);
    /// Any thread. The entry will not expire (an expiry already handed on still arrives, with an
    /// old generation).
    void cancel(Entry& entry);

    /// Linked entries, for tests.
    size_t size() const;

  private:
    void shutdown() override;
    void unlink(Entry& entry);
    void schedule();
    void on_timer(boost::system::error_code ec);

    mutable std::mutex mutex_;
    boost::asio::steady_timer timer_;
    std::vector<std::unique_ptr<Lane>> lanes_;
    Clock::time_point timer_due_ = Clock::time_point::max();
    size_t linked_ = 0;
    uint64_t next_generation_ = 0;
    bool stopped_ = false;
};

}  // namespace chatter::engineio
