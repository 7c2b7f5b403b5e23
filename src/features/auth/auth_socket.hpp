#pragma once
// Socket.IO side of accounts: the main namespace admits a socket only with a valid session cookie
// on its handshake or an API token in `auth.token`; otherwise CONNECT_ERROR {"message":
// "unauthorized"}. The principal is stored in `socket->data`.

#include "features/auth/auth_service.hpp"

namespace chatter::net {
class WorkerPool;
}
namespace chatter::socketio {
class Namespace;
}

namespace chatter::auth {

/// Adds the authenticating middleware to `nsp`. The lookup runs on `workers` (it reads the
/// database), never on the network thread.
void install_socket_auth(socketio::Namespace& nsp, AuthService& service, net::WorkerPool& workers);

}  // namespace chatter::auth
