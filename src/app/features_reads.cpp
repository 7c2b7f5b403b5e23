#include "app/features.hpp"
#include "features/messages/read_routes.hpp"
#include "features/messages/read_service.hpp"

namespace chatter::app {

namespace {

class ReadsArea final : public FeatureArea {
  public:
    explicit ReadsArea(FeatureContext& context) : service_(context.backend, context.sink) {
        messages::register_read_routes(context.router, service_);
        messages::register_read_events(context.events, service_);
    }

  private:
    messages::ReadService service_;
};

}  // namespace

std::unique_ptr<FeatureArea> make_reads_area(FeatureContext& context) {
    return std::make_unique<ReadsArea>(context);
}

}  // namespace chatter::app
