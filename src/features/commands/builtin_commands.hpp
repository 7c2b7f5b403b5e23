#pragma once
// The built-in slash commands. Each calls the same service function, with the same permission
// checks, as the REST route that does the same thing.

#include "features/channels/channel_service.hpp"
#include "features/commands/command_registry.hpp"
#include "features/files/file_service.hpp"
#include "features/files/url_import.hpp"
#include "features/presence/presence_service.hpp"
#include "storage/user_store.hpp"

namespace chatter::commands {

/// `/help`, `/user info <username>`, `/user list`, `/message send <channel> <text>`, `/channel info`.
void register_core_commands(
    CommandRegistry& registry,
    channels::ChannelService& channels,
    presence::PresenceService& presence,
    storage::UserStore& users
);

/// `/file upload <url>` (needs `importer`; without one it answers 503 unavailable), `/file list`,
/// `/file info <id>`, `/file delete <id>`.
void register_file_commands(CommandRegistry& registry, files::FileService& files, const files::UrlImporter* importer);

}  // namespace chatter::commands
