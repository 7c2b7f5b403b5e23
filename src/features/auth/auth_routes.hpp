#pragma once
// HTTP adapter of the auth feature: /api/auth/*, /api/whoami, and the request authenticator
// (session cookie or `Authorization: Bearer`).

#include "core/config.hpp"
#include "features/auth/auth_service.hpp"
#include "http/http_app.hpp"
#include "http/router.hpp"

namespace chatter::auth {

inline constexpr std::string_view kSessionCookie = "chatter_session";

void register_auth_routes(http::Router& router, AuthService& service, const Config& config);

class RequestAuthenticator : public http::Authenticator {
  public:
    explicit RequestAuthenticator(AuthService& service) : service_(service) {}
    std::optional<Principal> authenticate(http::RequestContext& context) override;

  private:
    AuthService& service_;
};

}  // namespace chatter::auth
