#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include "app/backend.hpp"
#include "app/cli.hpp"
#include "app/conformance.hpp"
#include "app/server.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/rate_limiter.hpp"
#include "features/auth/auth_service.hpp"

namespace {

int run_user_create(const chatter::app::Invocation& inv) {
    std::string password;
    bool generated = false;
    if (inv.password_stdin) {
        std::getline(std::cin, password);
        if (!password.empty() && password.back() == '\r') {
            password.pop_back();
        }
    } else {
        password = chatter::crypto::random_token(12);
        generated = true;
    }
    auto backend = chatter::app::open_backend(inv.config);
    chatter::RateLimiter limiter;
    chatter::auth::AuthService service(*backend, inv.config, limiter);
    const auto user = service.create_user(inv.username, password, inv.role);
    backend->close();
    std::printf("created %s with role %s\n", user.username.c_str(), user.role.c_str());
    if (generated) {
        std::printf("password: %s\n", password.c_str());
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    int exit_code = 0;
    auto inv = chatter::app::parse_command_line(argc, argv, exit_code);
    if (!inv) {
        return exit_code;
    }
    try {
        chatter::init_logging(inv->config.log_level);
        chatter::crypto::crypto_init();
        std::signal(SIGPIPE, SIG_IGN);
        switch (inv->command) {
            case chatter::app::Command::kServe:
                return chatter::app::run_server(inv->config);
            case chatter::app::Command::kUserCreate:
                return run_user_create(*inv);
            case chatter::app::Command::kMigrate: {
                const int version = chatter::app::migrate_backend(inv->config);
                std::printf("database at schema version %d\n", version);
                return 0;
            }
            case chatter::app::Command::kConformance:
                return chatter::app::run_conformance(
                    inv->conformance_mode, inv->conformance_port, inv->conformance_threads
                );
        }
    } catch (const chatter::Error& error) {
        std::fprintf(stderr, "chatterd: %s\n", error.message().c_str());
        return 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "chatterd: %s\n", error.what());
        return 1;
    }
    return 0;
}
