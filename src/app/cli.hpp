#pragma once
// The command line: subcommands and flags (with CHATTER_* environment fallbacks).

#include <optional>
#include <string>

#include "core/config.hpp"

namespace chatter::app {

enum class Command { kServe, kUserCreate, kUserPassword, kMigrate, kBackup, kConformance };

struct Invocation {
    Command command = Command::kServe;
    Config config;
    // user create, user password
    std::string username;
    std::string role = "user";
    bool password_stdin = false;
    // backup
    std::string backup_destination;
    // conformance
    std::string conformance_mode;
    int conformance_port = 3000;
    int conformance_threads = 2;
};

/// Parses argv. Returns nullopt after printing help or an error; `exit_code` says which.
std::optional<Invocation> parse_command_line(int argc, char** argv, int& exit_code);

}  // namespace chatter::app
