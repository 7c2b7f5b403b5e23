#pragma once
// Threads for blocking work (password hashing, database waits), so network threads never block.

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <utility>

namespace chatter::net {

class WorkerPool {
  public:
    explicit WorkerPool(int threads) : pool_(static_cast<size_t>(threads > 0 ? threads : 1)) {}

    /// Runs `fn` on a worker thread. `fn` must not throw (catch inside).
    template <class F>
    void post(F&& fn) {
        boost::asio::post(pool_, std::forward<F>(fn));
    }

    /// Waits for queued work to finish, then joins the threads.
    void join() { pool_.join(); }

    boost::asio::thread_pool& pool() { return pool_; }

  private:
    boost::asio::thread_pool pool_;
};

}  // namespace chatter::net
