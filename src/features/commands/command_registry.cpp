#include "features/commands/command_registry.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "core/error.hpp"

namespace chatter::commands {

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

[[noreturn]] void throw_invalid_command(std::string sentence) {
    throw Error(Errc::kBadRequest, std::move(sentence), "invalid_command");
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string_view trim_blanks(std::string_view text) {
    while (!text.empty() && is_blank(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_blank(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

// Reads one quoted or bare word starting at `i` (not a blank); leaves `i` after it.
std::string read_word(std::string_view line, size_t& i) {
    std::string word;
    while (i < line.size() && !is_blank(line[i])) {
        const char c = line[i];
        if (c != '"' && c != '\'') {
            word.push_back(c);
            ++i;
            continue;
        }
        const size_t open = i++;
        for (;;) {
            if (i >= line.size()) {
                throw_invalid_command(fmt::format("The quote at position {} is never closed.", open + 1));
            }
            if (line[i] == c) {
                ++i;
                break;
            }
            if (c == '"' && line[i] == '\\' && i + 1 < line.size()) {
                ++i;
            }
            word.push_back(line[i++]);
        }
    }
    return word;
}

}  // namespace

std::vector<Token> tokenize(std::string_view line) {
    std::vector<Token> tokens;
    size_t i = 0;
    while (i < line.size()) {
        if (is_blank(line[i])) {
            ++i;
            continue;
        }
        const size_t begin = i;
        tokens.push_back(Token{read_word(line, i), begin});
    }
    return tokens;
}

std::string usage_of(const CommandSpec& spec) {
    std::string out = std::string{"/"}.append(spec.name);
    if (!spec.arguments.empty()) {
        out.append(" ").append(spec.arguments);
    }
    return out;
}

void CommandRegistry::add(CommandSpec spec) {
    if (spec.name.empty() || entries_.count(spec.name) > 0) {
        throw std::invalid_argument(std::string{"duplicate or empty command name: "}.append(spec.name));
    }
    std::string name = spec.name;
    Handler handler = spec.handler;
    entries_.emplace(std::move(name), Entry{std::move(spec), std::move(handler)});
}

void CommandRegistry::wrap(const std::string& name, Wrapper wrapper) {
    const auto found = entries_.find(name);
    if (found == entries_.end()) {
        throw std::invalid_argument(std::string{"no command to wrap: "}.append(name));
    }
    found->second.effective = [next = std::move(found->second.effective), wrapper = std::move(wrapper)](
                                  const CommandContext& context, const Args& args
                              ) { return wrapper(context, args, next); };
}

std::vector<const CommandSpec*> CommandRegistry::list() const {
    std::vector<const CommandSpec*> out;
    for (const auto& [name, entry] : entries_) {
        out.push_back(&entry.spec);
    }
    return out;
}

CommandResult CommandRegistry::run(const CommandContext& context, std::string_view line) const {
    if (line.size() > kMaxCommandBytes) {
        throw_invalid_command(fmt::format("Commands are limited to {} bytes.", kMaxCommandBytes));
    }
    line = trim_blanks(line);
    if (line.empty() || line.front() != '/') {
        throw_invalid_command("A command starts with /, for example /help.");
    }
    line.remove_prefix(1);
    const auto tokens = tokenize(line);
    if (tokens.empty()) {
        throw Error(Errc::kBadRequest, "Type a command after the /. /help lists them.", "unknown_command");
    }
    const std::string first = lower(tokens[0].text);
    size_t used = 1;
    auto found = entries_.end();
    if (tokens.size() > 1) {
        found = entries_.find(first + " " + lower(tokens[1].text));
        used = 2;
    }
    if (found == entries_.end()) {
        found = entries_.find(first);
        used = 1;
    }
    if (found == entries_.end()) {
        throw Error(
            Errc::kBadRequest,
            fmt::format("There is no command /{}. Type /help to see the commands.", tokens[0].text),
            "unknown_command"
        );
    }
    const CommandSpec& spec = found->second.spec;
    Args args;
    for (size_t i = used; i < tokens.size(); ++i) {
        if (spec.rest && args.size() + 1 == spec.max_args && i + 1 < tokens.size()) {
            // The rest of the line as typed (quotes included), so message text keeps its spacing.
            args.emplace_back(trim_blanks(line.substr(tokens[i].begin)));
            break;
        }
        args.push_back(tokens[i].text);
    }
    if (args.size() < spec.min_args || args.size() > spec.max_args) {
        throw Error(Errc::kBadRequest, fmt::format("Usage: {}", usage_of(spec)), "invalid_arguments");
    }
    return found->second.effective(context, args);
}

}  // namespace chatter::commands
