#pragma once
// HTTP and Socket.IO adapters of group DMs (docs/api-messaging.md, "Group DMs").

#include "features/gdm/gdm_service.hpp"
#include "features/realtime/event_registry.hpp"
#include "http/router.hpp"

namespace chatter::gdm {

void register_gdm_routes(http::Router& router, GdmService& service);
void register_gdm_events(realtime::EventRegistry& events, GdmService& service);

/// The thread id of a body or payload: `tid`, or `thread_id` (400 missing_field when neither).
int64_t thread_id_of(const boost::json::object& body);

}  // namespace chatter::gdm
