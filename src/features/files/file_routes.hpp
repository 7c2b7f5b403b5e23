#pragma once
// REST adapters for tmpweb: /api/files/* and the downloads at /files/<id>/<name>.

#include "features/files/file_service.hpp"
#include "http/router.hpp"

namespace chatter::files {

class UrlImporter;

/// `importer` may be null (URL import then answers 503).
void register_file_routes(http::Router& router, FileService& service, UrlImporter* importer);

}  // namespace chatter::files
