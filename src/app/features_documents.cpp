#include "app/features.hpp"
#include "features/docs/doc_presence.hpp"
#include "features/docs/doc_publish.hpp"
#include "features/docs/doc_routes.hpp"
#include "features/docs/doc_service.hpp"

namespace chatter::app {

namespace {

class DocumentsArea final : public FeatureArea {
  public:
    explicit DocumentsArea(FeatureContext& context) : service_(context.backend, context.sink) {
        docs::register_doc_routes(context.router, service_);
        docs::register_doc_events(
            context.events,
            docs::DocRealtime{
                .service = service_,
                .presence = presence_,
                .sink = context.sink,
                .signals = context.signals,
                .directory = context.directory,
            }
        );
        if (context.files != nullptr) {
            docs::register_doc_publish_route(context.router, service_, *context.files);
        }
    }

  private:
    docs::DocService service_;
    docs::DocPresence presence_;
};

}  // namespace

std::unique_ptr<FeatureArea> make_documents_area(FeatureContext& context) {
    return std::make_unique<DocumentsArea>(context);
}

}  // namespace chatter::app
