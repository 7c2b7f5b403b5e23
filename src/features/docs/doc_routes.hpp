#pragma once
// HTTP and Socket.IO adapters of collaborative documents (docs/api-documents.md).

#include <memory>

#include "core/node_signals.hpp"
#include "core/presence_directory.hpp"
#include "features/docs/doc_presence.hpp"
#include "features/docs/doc_service.hpp"
#include "features/realtime/event_registry.hpp"
#include "http/router.hpp"

namespace chatter::docs {

void register_doc_routes(http::Router& router, DocService& service);

/// What the documents' Socket.IO adapter works with. In cluster mode `signals` reach every node
/// and `directory` (its scopes are the rooms, `doc:<id>`) says who has a document open on any
/// node; without a directory, presence is this node's, as on a single node.
struct DocRealtime {
    DocService& service;
    DocPresence& presence;
    EventSink& sink;
    NodeSignals& signals;
    PresenceDirectory* directory = nullptr;
};

/// Registers doc_join / doc_leave / doc_op / doc_edit / doc_cursor and hooks the service's
/// access-lost notifications to the presence of every node, so removed members leave the room at
/// once.
void register_doc_events(realtime::EventRegistry& events, const DocRealtime& realtime);

/// The export body: md and txt verbatim, html as an escaped `<pre>` page. 400 invalid_format.
std::string export_body(const std::string& name, const std::string& content, const std::string& format);

}  // namespace chatter::docs
