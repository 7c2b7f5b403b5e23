#include "features/auth/auth_socket.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "features/auth/auth_routes.hpp"
#include "http/request_context.hpp"
#include "net/worker_pool.hpp"
#include "socketio/namespace.hpp"

namespace chatter::auth {

void install_socket_auth(socketio::Namespace& nsp, AuthService& service, net::WorkerPool& workers) {
    nsp.use([&service, &workers](const std::shared_ptr<socketio::Socket>& socket, socketio::Namespace::Next next) {
        std::optional<std::string> token;
        if (const auto* value = socket->auth().if_contains("token"); value != nullptr && value->is_string()) {
            token = std::string(value->get_string());
        }
        auto cookie = http::cookie_value(socket->request(), kSessionCookie);
        workers.post([socket, token = std::move(token), cookie = std::move(cookie), next = std::move(next), &service] {
            std::optional<Principal> principal;
            try {
                principal = token ? service.authenticate_token(*token)
                                  : (cookie ? service.authenticate_session(*cookie) : std::nullopt);
            } catch (const std::exception& error) {
                spdlog::error("socket authentication failed: {}", error.what());
            }
            if (!principal) {
                next(socketio::ConnectError{"unauthorized", std::nullopt});
                return;
            }
            socket->data = std::move(*principal);
            next(std::nullopt);
        });
    });
}

}  // namespace chatter::auth
