#include "app/features.hpp"
#include "features/users/user_routes.hpp"
#include "features/users/user_service.hpp"

namespace chatter::app {

namespace {

class UsersArea final : public FeatureArea {
  public:
    explicit UsersArea(FeatureContext& context)
        : users_(
              context.backend,
              context.sink,
              users::AvatarOptions{
                  .data_dir = context.config.data_dir,
                  .max_bytes = context.config.max_avatar_bytes,
              },
              auth::PasswordGuard(context.limiter, context.config)
          ) {
        users::register_user_routes(context.router, users_);
    }

  private:
    users::UserService users_;
};

}  // namespace

std::unique_ptr<FeatureArea> make_users_area(FeatureContext& context) {
    return std::make_unique<UsersArea>(context);
}

}  // namespace chatter::app
