#include "app/features.hpp"

namespace chatter::app {

struct Features::Services {};

Features::Features(FeatureContext& context) : services_(std::make_unique<Services>()) {
    (void)context;
}

Features::~Features() = default;

}  // namespace chatter::app
