#pragma once
// Unauthenticated endpoints: GET /healthz, GET /api/public/status and GET /api/public/info.

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <string>

#include "http/router.hpp"
#include "storage/stores.hpp"

namespace chatter::public_api {

struct StatusSources {
    std::string version;
    std::string site_name;
    int64_t started_ms = 0;                         // steady clock at start-up
    std::function<int64_t()> online;                // users with at least one live connection
    std::function<boost::json::object()> features;  // which feature areas are enabled
};

void register_public_routes(http::Router& router, storage::Backend& backend, StatusSources sources);

}  // namespace chatter::public_api
