#pragma once
// HTTP and Socket.IO adapters of collaborative documents (docs/api-documents.md).

#include <memory>

#include "features/docs/doc_presence.hpp"
#include "features/docs/doc_service.hpp"
#include "features/realtime/event_registry.hpp"
#include "http/router.hpp"

namespace chatter::docs {

void register_doc_routes(http::Router& router, DocService& service);

/// Registers doc_join / doc_leave / doc_op / doc_edit / doc_cursor and hooks `service`'s
/// access-lost notifications to `presence`, so removed members leave the room at once.
void register_doc_events(realtime::EventRegistry& events, DocService& service, DocPresence& presence, EventSink& sink);

/// The export body: md and txt verbatim, html as an escaped `<pre>` page. 400 invalid_format.
std::string export_body(const std::string& name, const std::string& content, const std::string& format);

}  // namespace chatter::docs
