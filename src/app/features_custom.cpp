#include <set>

#include "app/features.hpp"
#include "features/custom_channels/custom_channel_commands.hpp"
#include "features/custom_channels/custom_channel_routes.hpp"
#include "features/custom_channels/custom_channel_service.hpp"
#include "features/custom_channels/stream_members.hpp"
#include "features/files/url_import.hpp"

namespace chatter::app {

namespace {

class CustomChannelsArea final : public FeatureArea {
  public:
    explicit CustomChannelsArea(FeatureContext& context)
        : importer_(files::FetchOptions{
              .allow_hosts = std::set<std::string>(
                  context.config.fetch_allow_hosts.begin(), context.config.fetch_allow_hosts.end()
              ),
          }),
          service_(
              context.backend,
              context.sink,
              context.limiter,
              [this](const std::string& url, int64_t max_bytes) { return importer_.fetch_bytes(url, max_bytes); },
              custom_channels::CustomOptions{}
          ) {
        custom_channels::register_custom_channel_routes(context.router, service_);
        custom_channels::register_custom_channel_events(context.events, service_, members_, context.signals);
        if (context.commands != nullptr) {
            custom_channels::register_custom_channel_commands(*context.commands, service_);
        }
    }

  private:
    files::UrlImporter importer_;
    custom_channels::CustomChannelService service_;
    custom_channels::StreamMembers members_;
};

}  // namespace

std::unique_ptr<FeatureArea> make_custom_channels_area(FeatureContext& context) {
    return std::make_unique<CustomChannelsArea>(context);
}

}  // namespace chatter::app
