#pragma once
// HTTP routes and Socket.IO events of administration (docs/api-files-admin.md, Admin section).

#include "features/admin/admin_service.hpp"
#include "features/admin/alert_service.hpp"
#include "features/admin/report_service.hpp"
#include "features/realtime/event_registry.hpp"
#include "http/router.hpp"

namespace chatter::admin {

void register_admin_routes(http::Router& router, AdminService& admin, AlertService& alerts, ReportService& reports);

/// `report_message` and `report_user`.
void register_report_events(realtime::EventRegistry& events, ReportService& reports);

}  // namespace chatter::admin
