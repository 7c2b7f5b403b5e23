#include "app/features.hpp"

namespace chatter::app {

std::unique_ptr<FeatureArea> make_files_area(FeatureContext& context) {
    (void)context;
    return nullptr;
}

}  // namespace chatter::app
