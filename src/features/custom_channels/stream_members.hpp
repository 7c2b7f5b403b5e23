#pragma once
// Which connections have a custom channel's stream open, with who they are: when a channel is
// deleted, disabled or unshared, the connections of users who may no longer open it leave its
// room. Sockets are held weakly; closed ones are pruned whenever their channel is looked at.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/principal.hpp"

namespace chatter::socketio {
class Socket;
}

namespace chatter::custom_channels {

class StreamMembers {
  public:
    void add(int64_t channel_id, const std::shared_ptr<socketio::Socket>& socket, const Principal& principal);
    void remove(int64_t channel_id, const std::string& socket_id);

    /// Removes and returns the live connections for which `may_stay` is false.
    std::vector<std::shared_ptr<socketio::Socket>> evict(
        int64_t channel_id, const std::function<bool(const Principal&)>& may_stay
    );

  private:
    struct Member {
        std::weak_ptr<socketio::Socket> socket;
        Principal principal;
    };
    using Members = std::map<std::string, Member>;  // by socket id

    static void prune(Members& members);

    std::mutex mutex_;
    std::map<int64_t, Members> channels_;
};

}  // namespace chatter::custom_channels
