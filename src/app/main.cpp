#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include "app/backend.hpp"
#include "app/backup.hpp"
#include "app/cli.hpp"
#include "app/conformance.hpp"
#include "app/server.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/rate_limiter.hpp"
#include "features/auth/auth_service.hpp"

namespace {

/// The first line of stdin with --password-stdin, else a generated one (then `generated` is set).
std::string password_for(const chatter::app::Invocation& inv, bool& generated) {
    std::string password;
    generated = !inv.password_stdin;
    if (generated) {
        return chatter::crypto::random_token(12);
    }
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') {
        password.pop_back();
    }
    return password;
}

int run_user_command(const chatter::app::Invocation& inv) {
    bool generated = false;
    const std::string password = password_for(inv, generated);
    auto backend = chatter::app::open_backend(inv.config);
    chatter::RateLimiter limiter;
    chatter::auth::AuthService service(*backend, inv.config, limiter);
    if (inv.command == chatter::app::Command::kUserCreate) {
        const auto user = service.create_user(inv.username, password, inv.role);
        std::printf("created %s with role %s\n", user.username.c_str(), user.role.c_str());
    } else {
        const auto [username, revoked] = service.reset_password(inv.username, password);
        std::printf(
            "new password set for %s; %lld session(s) signed out\n", username.c_str(), static_cast<long long>(revoked)
        );
    }
    backend->close();
    if (generated) {
        std::printf("password: %s\n", password.c_str());
    }
    return 0;
}

int run_backup(const chatter::app::Invocation& inv) {
    const auto summary = chatter::app::backup(inv.config, inv.backup_destination);
    std::printf(
        "backup written to %s: database %lld bytes, %lld file(s), %lld avatar(s)\n",
        inv.backup_destination.c_str(),
        static_cast<long long>(summary.database_bytes),
        static_cast<long long>(summary.files),
        static_cast<long long>(summary.avatars)
    );
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
            case chatter::app::Command::kUserPassword:
                return run_user_command(*inv);
            case chatter::app::Command::kBackup:
                return run_backup(*inv);
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
