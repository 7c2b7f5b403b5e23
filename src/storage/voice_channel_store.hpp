#pragma once
// Persistent voice channels that admins define (the rooms themselves, and who is in them, live in
// memory in features/voice). A fresh database has `general`.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chatter::storage {

class VoiceChannelStore {
  public:
    virtual ~VoiceChannelStore() = default;

    /// Every channel name, sorted by name.
    virtual std::vector<std::string> list() = 0;

    virtual bool exists(const std::string& name) = 0;

    /// Adds a channel; false when one with that name exists already. `created_by` is a user id
    /// (nullopt for channels the system created).
    virtual bool insert(const std::string& name, std::optional<int64_t> created_by, int64_t created_at) = 0;

    /// False when there was no such channel.
    virtual bool remove(const std::string& name) = 0;
};

}  // namespace chatter::storage
