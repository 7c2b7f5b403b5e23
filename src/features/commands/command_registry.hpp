#pragma once
// Slash commands (`/file list`, `/help`, ...): a registry of named commands that any feature area
// may add to or wrap, and the parser that turns one typed line into a command and its arguments.
// Results go only to the caller; transports (the `command` event, POST /api/command) live in
// command_routes.hpp.

#include <boost/json/value.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"

namespace chatter::commands {

/// Longest command line accepted (400 invalid_command beyond), in bytes.
inline constexpr size_t kMaxCommandBytes = 4096;

using Args = std::vector<std::string>;

/// Who runs the command and where it was typed (`channel`: the request's optional channel field).
struct CommandContext {
    const Principal& principal;
    std::optional<std::string> channel;
};

/// `text` is a human-readable answer; `data` the same facts as JSON for scripts.
struct CommandResult {
    std::string text;
    std::optional<boost::json::value> data;
};

using Handler = std::function<CommandResult(const CommandContext& context, const Args& args)>;

/// Runs around an existing command: handle some calls itself, pass the others to `next`.
using Wrapper = std::function<CommandResult(const CommandContext& context, const Args& args, const Handler& next)>;

struct CommandSpec {
    std::string name;       // one or two lower-case words: "help", "file list"
    std::string arguments;  // for usage lines: "<id>", "<channel> <text>"
    std::string summary;    // one sentence for /help
    size_t min_args = 0;
    size_t max_args = 0;
    bool rest = false;  // the last argument takes the rest of the line as typed (message text)
    Handler handler;
};

/// One argument of a command line and where it starts in the line.
struct Token {
    std::string text;
    size_t begin = 0;
};

/// Splits on spaces and tabs. "Double" and 'single' quotes group words (a backslash escapes the
/// next character inside double quotes). 400 invalid_command for an unbalanced quote.
std::vector<Token> tokenize(std::string_view line);

class CommandRegistry {
  public:
    /// Before serving (not thread-safe against run()). std::invalid_argument on a duplicate name.
    void add(CommandSpec spec);

    /// Before serving: puts `wrapper` in front of the command `name` (std::invalid_argument when
    /// there is none). Later wrappers run first. This is how an area changes a built-in, e.g.
    /// `/message send <custom channel> <text>` handled by custom channels and the rest passed on.
    void wrap(const std::string& name, Wrapper wrapper);

    /// Parses and runs one line such as `/file info 3f2a…`. Errors: 400 invalid_command (not a
    /// command line, too long, unbalanced quotes), 400 unknown_command (sentence points at /help),
    /// 400 invalid_arguments (sentence is the usage), and whatever the handler throws.
    CommandResult run(const CommandContext& context, std::string_view line) const;

    /// Every command, sorted by name.
    std::vector<const CommandSpec*> list() const;

  private:
    struct Entry {
        CommandSpec spec;
        Handler effective;  // the handler with its wrappers
    };

    std::map<std::string, Entry, std::less<>> entries_;
};

/// `/<name> <arguments>`.
std::string usage_of(const CommandSpec& spec);

}  // namespace chatter::commands
