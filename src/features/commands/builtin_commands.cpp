#include "features/commands/builtin_commands.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/time.hpp"

namespace chatter::commands {

namespace json = boost::json;

namespace {

CommandResult help(const CommandRegistry& registry) {
    std::string text = "Commands:";
    json::array list;
    for (const CommandSpec* spec : registry.list()) {
        text.append("\n").append(usage_of(*spec)).append(" — ").append(spec->summary);
        list.push_back(json::object{
            {"command", std::string{"/"}.append(spec->name)}, {"usage", usage_of(*spec)}, {"summary", spec->summary}});
    }
    return CommandResult{std::move(text), json::object{{"commands", std::move(list)}}};
}

CommandResult user_info(storage::UserStore& users, presence::PresenceService& presence, const std::string& name) {
    const auto user = users.fetch_by_name(name);
    if (!user) {
        throw Error(Errc::kNotFound, fmt::format("There is no user named {}.", name), "user_not_found");
    }
    const bool online = presence.is_online(user->username);
    return CommandResult{
        fmt::format(
            "{} ({}) — member since {}, {}.",
            user->username,
            user->role,
            format_iso(user->created_at),
            online ? "online" : "offline"
        ),
        json::object{
            {"username", user->username},
            {"role", user->role},
            {"created_at", format_iso(user->created_at)},
            {"status", online ? "online" : "offline"}},
    };
}

CommandResult user_list(presence::PresenceService& presence) {
    const auto names = presence.online_users();
    std::string text = fmt::format("Online ({}):", names.size());
    json::array users;
    for (const auto& name : names) {
        text.append(" ").append(name);
        users.push_back(json::object{{"username", name}, {"status", "online"}});
    }
    return CommandResult{std::move(text), json::object{{"users", std::move(users)}}};
}

CommandResult channel_info(
    channels::ChannelService& channels, presence::PresenceService& presence, const CommandContext& context
) {
    if (!context.channel || context.channel->empty()) {
        throw Error(
            Errc::kBadRequest, "/channel info needs a channel: run it in a channel's composer.", "missing_channel"
        );
    }
    const auto channel = channels.resolve(*context.channel);
    // Public channels are open to every account, so the members online are everyone online.
    const int64_t online = presence.online_count();
    const auto activity = channels.activity(channel.id);
    std::string text = fmt::format("#{}", channel.name);
    if (!channel.topic.empty()) {
        text.append(" — ").append(channel.topic);
    }
    text.append(fmt::format(
        "\n{} member(s) online{}.", online, channel.announcements_only ? "; only administrators may post" : ""
    ));
    text.append(fmt::format("\n{} message(s)", activity.message_count));
    text.append(activity.last_message_at ? ", the last at " + format_iso(*activity.last_message_at) + "." : ".");
    json::object data = channels::channel_json(channel);
    data["members_online"] = online;
    data["message_count"] = activity.message_count;
    data["last_message_at"] = activity.last_message_at ? json::value(format_iso(*activity.last_message_at)) : nullptr;
    return CommandResult{std::move(text), std::move(data)};
}

std::string describe(const storage::FileRecord& file) {
    return fmt::format(
        "{} ({} bytes, {}) {} — id {}, expires {}",
        file.name,
        file.size,
        file.mime_type,
        files::file_url(file),
        file.id,
        format_iso(file.expires_at)
    );
}

}  // namespace

void register_core_commands(
    CommandRegistry& registry,
    channels::ChannelService& channels,
    presence::PresenceService& presence,
    storage::UserStore& users
) {
    registry.add(CommandSpec{
        .name = "help",
        .summary = "List the commands.",
        .handler = [&registry](const CommandContext&, const Args&) { return help(registry); },
    });
    registry.add(CommandSpec{
        .name = "user info",
        .arguments = "<username>",
        .summary = "Show a user's role, join date and whether they are online.",
        .min_args = 1,
        .max_args = 1,
        .handler = [&users,
                    &presence](const CommandContext&, const Args& args) { return user_info(users, presence, args[0]); },
    });
    registry.add(CommandSpec{
        .name = "user list",
        .summary = "List the users online now.",
        .handler = [&presence](const CommandContext&, const Args&) { return user_list(presence); },
    });
    registry.add(CommandSpec{
        .name = "message send",
        .arguments = "<channel> <text>",
        .summary = "Send a message to a channel.",
        .min_args = 2,
        .max_args = 2,
        .rest = true,
        .handler =
            [&channels](const CommandContext& context, const Args& args) {
                auto message = channels.send(context.principal, args[0], messages::SendRequest{.text = args[1]});
                std::string text = fmt::format("Sent to #{}.", message.at("channel").as_string().c_str());
                return CommandResult{std::move(text), json::object{{"message", std::move(message)}}};
            },
    });
    registry.add(CommandSpec{
        .name = "channel info",
        .summary = "Show this channel's name, topic, members online and message count.",
        .handler =
            [&channels, &presence](const CommandContext& context, const Args&) {
                return channel_info(channels, presence, context);
            },
    });
}

void register_file_commands(CommandRegistry& registry, files::FileService& files, const files::UrlImporter* importer) {
    registry.add(CommandSpec{
        .name = "file upload",
        .arguments = "<url>",
        .summary = "Fetch a file from an http(s) URL into your files (kept 24 hours).",
        .min_args = 1,
        .max_args = 1,
        .handler =
            [&files, importer](const CommandContext& context, const Args& args) {
                if (importer == nullptr) {
                    throw Error(Errc::kUnavailable, "URL import is not available.", "unavailable");
                }
                const auto file =
                    files::import_url(*importer, files, context.principal, args[0], files.expiry(std::nullopt));
                return CommandResult{
                    std::string{"Uploaded "}.append(describe(file)), json::object{{"file", files::file_json(file)}}};
            },
    });
    registry.add(CommandSpec{
        .name = "file list",
        .summary = "List your files with their expiry times.",
        .handler =
            [&files](const CommandContext& context, const Args&) {
                const auto list = files.list(context.principal, false);
                std::string text = list.empty() ? "You have no files." : fmt::format("Your files ({}):", list.size());
                json::array out;
                for (const auto& file : list) {
                    text.append("\n").append(describe(file));
                    out.push_back(files::file_json(file));
                }
                return CommandResult{std::move(text), json::object{{"files", std::move(out)}}};
            },
    });
    registry.add(CommandSpec{
        .name = "file info",
        .arguments = "<id>",
        .summary = "Show one of your files.",
        .min_args = 1,
        .max_args = 1,
        .handler =
            [&files](const CommandContext& context, const Args& args) {
                const auto file = files.info(context.principal, args[0]);
                return CommandResult{describe(file), json::object{{"file", files::file_json(file)}}};
            },
    });
    registry.add(CommandSpec{
        .name = "file delete",
        .arguments = "<id>",
        .summary = "Delete one of your files.",
        .min_args = 1,
        .max_args = 1,
        .handler =
            [&files](const CommandContext& context, const Args& args) {
                files.remove(context.principal, args[0]);
                return CommandResult{fmt::format("Deleted file {}.", args[0]), std::nullopt};
            },
    });
}

}  // namespace chatter::commands
