#include "features/custom_channels/custom_channel_commands.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/error.hpp"

namespace chatter::custom_channels {

namespace json = boost::json;

void register_custom_channel_commands(commands::CommandRegistry& registry, CustomChannelService& service) {
    registry.wrap(
        "message send",
        [&service](const commands::CommandContext& context, const commands::Args& args, const commands::Handler& next) {
            try {
                return next(context, args);
            } catch (const Error& error) {
                // A public channel of that name wins; otherwise a custom channel may answer.
                if (error.code() != "channel_not_found" || args.size() < 2) {
                    throw;
                }
                const auto channel = service.find_by_name(context.principal, args[0]);
                if (!channel) {
                    throw;
                }
                auto message = service.send(context.principal, channel->id, args[1]);
                return commands::CommandResult{
                    fmt::format("Sent to the custom channel {}.", channel->name),
                    json::object{{"message", std::move(message)}},
                };
            }
        }
    );
}

}  // namespace chatter::custom_channels
