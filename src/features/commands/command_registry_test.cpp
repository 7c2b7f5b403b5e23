#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "features/commands/command_registry.hpp"
#include "features/messages/test_support.hpp"

namespace chatter::commands {
namespace {

using messages::testing::code_of;

std::vector<std::string> words(std::string_view line) {
    std::vector<std::string> out;
    for (auto& token : tokenize(line)) {
        out.push_back(std::move(token.text));
    }
    return out;
}

class CommandRegistryTest : public ::testing::Test {
  protected:
    CommandRegistryTest() {
        // Echoes its arguments joined by '|', so each test sees exactly what the parser produced.
        auto echo = [](const CommandContext& context, const Args& args) {
            std::string text = context.channel.value_or("-");
            for (const auto& arg : args) {
                text.append("|").append(arg);
            }
            return CommandResult{text, std::nullopt};
        };
        registry_.add(CommandSpec{.name = "help", .summary = "Help.", .handler = echo});
        registry_.add(CommandSpec{
            .name = "file info", .arguments = "<id>", .summary = "Info.", .min_args = 1, .max_args = 1, .handler = echo}
        );
        registry_.add(CommandSpec{
            .name = "message send",
            .arguments = "<channel> <text>",
            .summary = "Send.",
            .min_args = 2,
            .max_args = 2,
            .rest = true,
            .handler = echo});
    }

    std::string run(std::string_view line, std::optional<std::string> channel = std::nullopt) {
        return registry_.run(CommandContext{principal_, std::move(channel)}, line).text;
    }
    std::string refusal(std::string_view line) {
        return code_of([&] { run(line); });
    }

    CommandRegistry registry_;
    Principal principal_{.id = 1, .username = "alice", .role = "user"};
};

TEST(CommandTokenize, QuotesGroupWordsAndUnbalancedQuotesAreRefused) {
    EXPECT_EQ(words("  a  b\tc "), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(
        words(R"(a "b c" 'd "e"' "x\"y" pre"fix"post)"),
        (std::vector<std::string>{"a", "b c", "d \"e\"", "x\"y", "prefixpost"})
    );
    EXPECT_EQ(words(R"("")"), (std::vector<std::string>{""}));
    EXPECT_EQ(tokenize("ab  cd")[1].begin, 4u);
    EXPECT_EQ(code_of([] { tokenize(R"(a "b c)"); }), "invalid_command");
    EXPECT_EQ(code_of([] { tokenize("a 'b"); }), "invalid_command");
    EXPECT_EQ(code_of([] { tokenize(R"("ends with escape\")"); }), "invalid_command");
}

TEST_F(CommandRegistryTest, FindsOneAndTwoWordCommandsCaseInsensitively) {
    EXPECT_EQ(run("/help"), "-");
    EXPECT_EQ(run("  /HELP  ", "general"), "general");
    EXPECT_EQ(run("/File Info abc"), "-|abc");
    EXPECT_EQ(run(R"(/file info "a b")"), "-|a b");
}

TEST_F(CommandRegistryTest, RestArgumentKeepsTheLineAsTyped) {
    EXPECT_EQ(run("/message send general hello   world"), "-|general|hello   world");
    EXPECT_EQ(run(R"(/message send "general" "quoted text")"), "-|general|quoted text");
    EXPECT_EQ(run(R"(/message send general say "hi" there)"), "-|general|say \"hi\" there");
}

TEST_F(CommandRegistryTest, BadLinesGetClearCodes) {
    EXPECT_EQ(refusal("help"), "invalid_command");
    EXPECT_EQ(refusal(""), "invalid_command");
    EXPECT_EQ(refusal(std::string{"/"}.append(kMaxCommandBytes, 'a')), "invalid_command");
    EXPECT_EQ(refusal("/"), "unknown_command");
    EXPECT_EQ(refusal("/nope"), "unknown_command");
    EXPECT_EQ(refusal("/file nope"), "unknown_command");
    EXPECT_EQ(refusal("/file info"), "invalid_arguments");
    EXPECT_EQ(refusal("/file info a b"), "invalid_arguments");
    EXPECT_EQ(refusal("/message send general"), "invalid_arguments");
    EXPECT_EQ(refusal("/help extra"), "invalid_arguments");
    EXPECT_EQ(refusal(R"(/file info "abc)"), "invalid_command");
    try {
        run("/file info");
        FAIL();
    } catch (const Error& error) {
        EXPECT_EQ(error.message(), "Usage: /file info <id>");
    }
    try {
        run("/nope");
        FAIL();
    } catch (const Error& error) {
        EXPECT_NE(error.message().find("/help"), std::string::npos);
    }
}

TEST_F(CommandRegistryTest, AreasCanWrapAndListedCommandsAreSorted) {
    registry_.wrap("message send", [](const CommandContext& context, const Args& args, const Handler& next) {
        if (args[0] == "custom") {
            return CommandResult{std::string{"custom:"}.append(args[1]), boost::json::value(true)};
        }
        return next(context, args);
    });
    EXPECT_EQ(run("/message send custom hi there"), "custom:hi there");
    EXPECT_EQ(run("/message send general hi"), "-|general|hi");
    EXPECT_THROW(registry_.wrap("nope", nullptr), std::invalid_argument);
    EXPECT_THROW(registry_.add(CommandSpec{.name = "help"}), std::invalid_argument);
    std::vector<std::string> names;
    for (const auto* spec : registry_.list()) {
        names.push_back(spec->name);
    }
    EXPECT_EQ(names, (std::vector<std::string>{"file info", "help", "message send"}));
}

}  // namespace
}  // namespace chatter::commands
