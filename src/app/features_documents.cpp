#include "app/features.hpp"

namespace chatter::app {

std::unique_ptr<FeatureArea> make_documents_area(FeatureContext& context) {
    (void)context;
    return nullptr;
}

}  // namespace chatter::app
