#pragma once
// Who has a document open, per connection: for the users list, doc_user_joined/left, dropping the
// sessions of a member who lost access, and the revision a full-content doc_edit is based on.
// Sockets are held weakly; a disconnected one is pruned the next time its document is looked at.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace chatter::socketio {
class Socket;
}

namespace chatter::docs {

class DocPresence {
  public:
    /// Returns true when this is the user's first open session of the document.
    bool add(
        int64_t doc_id, const std::shared_ptr<socketio::Socket>& socket, const std::string& username, int64_t revision
    );
    /// Removes one connection; returns its username when the user has no other session left.
    std::optional<std::string> remove(int64_t doc_id, const std::string& socket_id);
    /// A user who left a document because the connection that had it open is gone.
    struct Departure {
        int64_t doc_id;
        std::string username;
    };
    /// Removes one connection from every document (it disconnected without doc_leave); returns the
    /// users who have no session left in those documents.
    std::vector<Departure> remove_socket(const std::string& socket_id);
    /// Removes the sessions of `username` (every session when empty); returns their live sockets
    /// and adds the distinct usernames of the removed sessions to `departed` when given.
    std::vector<std::shared_ptr<socketio::Socket>> drop(
        int64_t doc_id, const std::string& username, std::vector<std::string>* departed = nullptr
    );
    /// Distinct usernames with a live session, sorted; `pruned` gets users whose last session died.
    std::vector<std::string> users(int64_t doc_id, std::vector<std::string>& pruned);

    /// The revision this connection was last sent (join ack, its acks, broadcasts).
    std::optional<int64_t> last_sent(int64_t doc_id, const std::string& socket_id);
    void sent_to_all(int64_t doc_id, int64_t revision);
    void sent_to(int64_t doc_id, const std::string& socket_id, int64_t revision);

  private:
    struct Session {
        std::weak_ptr<socketio::Socket> socket;
        std::string username;
        int64_t last_sent = 0;
    };
    using Sessions = std::map<std::string, Session>;  // by socket id

    static bool has_user(const Sessions& sessions, const std::string& username);

    std::mutex mutex_;
    std::map<int64_t, Sessions> docs_;
};

}  // namespace chatter::docs
