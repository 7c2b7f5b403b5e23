#pragma once
// Read markers and unread counts (docs/api-messaging.md, "Read markers"): per user and
// conversation the last message read, kept on the server so unread badges follow the user across
// tabs and browsers.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>

#include "core/event_sink.hpp"
#include "core/principal.hpp"
#include "storage/stores.hpp"

namespace chatter::messages {

/// A conversation as a client names it: kind "channel" with `id` or `name`, kind "dm" with the
/// peer's username in `name`, kind "gdm" with the thread id in `id`.
struct ReadTarget {
    std::string kind;
    int64_t id = 0;
    std::string name;
};

class ReadService {
  public:
    ReadService(storage::Backend& backend, EventSink& sink) : backend_(backend), sink_(sink) {}

    /// Moves the caller's marker in `target` to `message_id`, which must be a message of that
    /// conversation (404 message_not_found otherwise); a marker never moves backwards. Returns the
    /// conversation's state `{kind, <ref fields>, last_read_id, unread, latest_id}` and sends the
    /// same object as `read_marker` to every tab of the caller. Errors: invalid_field (400, unknown
    /// kind or a non-positive id), channel_not_found, user_not_found, thread_not_found (404; a
    /// group the caller is not in is not revealed), dm_self (400).
    boost::json::object mark_read(const Principal& principal, const ReadTarget& target, int64_t message_id);

    /// Every conversation of the caller with unread messages, each as returned by mark_read.
    boost::json::array unread(const Principal& principal);

  private:
    struct Resolved {
        storage::ConversationRef ref;
        std::string name;  // channel name or peer username
    };
    Resolved resolve(const Principal& principal, const ReadTarget& target);
    bool in_conversation(const Principal& principal, const Resolved& conversation, int64_t message_id);

    storage::Backend& backend_;
    EventSink& sink_;
};

/// The wire form of one conversation's unread state.
boost::json::object unread_json(const storage::UnreadRecord& record);

}  // namespace chatter::messages
