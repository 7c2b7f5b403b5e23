#include "app/features.hpp"
#include "features/admin/admin_routes.hpp"
#include "features/auth/auth_service.hpp"
#include "features/channels/channel_service.hpp"
#include "features/settings/settings_service.hpp"

namespace chatter::app {

namespace {

// The services are stateless over storage, so the area keeps its own instances of the auth,
// settings and channel services it builds on (System's posts go through the same send path).
class AdminArea final : public FeatureArea {
  public:
    explicit AdminArea(FeatureContext& context)
        : auth_(context.backend, context.config, context.limiter),
          settings_(context.backend, context.sink),
          channels_(context.backend, settings_, context.sink, context.limiter),
          admin_(
              context.backend,
              context.sink,
              auth_,
              context.address_bans,
              [&presence = context.presence] { return presence.online_count(); },
              context.address_bans_changed
          ),
          alerts_(context.backend, context.sink, channels_),
          reports_(context.backend, context.sink, context.limiter) {
        admin_.load_address_bans();
        admin::register_admin_routes(context.router, admin_, alerts_, reports_);
        admin::register_report_events(context.events, reports_);
    }

  private:
    auth::AuthService auth_;
    settings::SettingsService settings_;
    channels::ChannelService channels_;
    admin::AdminService admin_;
    admin::AlertService alerts_;
    admin::ReportService reports_;
};

}  // namespace

std::unique_ptr<FeatureArea> make_admin_area(FeatureContext& context) {
    return std::make_unique<AdminArea>(context);
}

}  // namespace chatter::app
