#include "app/cli.hpp"

#include <CLI/CLI.hpp>

#include <array>
#include <string_view>
#include <thread>

#include "net/ip_network.hpp"
#include "pubsub/envelope.hpp"
#include "pubsub/redis_url.hpp"

namespace chatter::app {

namespace {

// An ICE server URL as browsers accept it in RTCIceServer.urls (RFC 7064, RFC 7065).
CLI::Validator ice_url_validator() {
    return CLI::Validator(
        [](const std::string& url) -> std::string {
            constexpr std::array<std::string_view, 4> kSchemes{"stun:", "stuns:", "turn:", "turns:"};
            const bool spaced = url.find_first_of(" \t\r\n") != std::string::npos;
            for (const auto scheme : kSchemes) {
                if (!spaced && url.size() > scheme.size() && url.starts_with(scheme)) {
                    return {};
                }
            }
            return "an ICE server URL starts with stun:, stuns:, turn: or turns: (e.g. turn:turn.example.com:3478)";
        },
        "URL"
    );
}

void add_common_flags(CLI::App& app, Config& config) {
    app.add_option("--data-dir", config.data_dir, "Directory for chatter.db and uploaded files")
        ->envname("CHATTER_DATA_DIR")
        ->capture_default_str();
    app.add_option(
           "--database",
           config.database,
           "PostgreSQL URL for cluster mode, e.g. postgresql://chatter@db.example.com:5432/chatter "
           "(default: SQLite in --data-dir)"
    )
        ->envname("CHATTER_DATABASE")
        ->check(CLI::Validator(
            [](const std::string& url) {
                return url.empty() || url.starts_with("postgresql://") || url.starts_with("postgres://")
                           ? std::string{}
                           : std::string("a PostgreSQL URL starts with postgresql://");
            },
            "URL"
        ));
    app.add_option("--log-level", config.log_level, "trace, debug, info, warn, error or off")
        ->envname("CHATTER_LOG_LEVEL")
        ->capture_default_str();
}

void add_serve_flags(CLI::App& app, Config& config) {
    app.add_option("--listen", config.listen, "Address and port to listen on (host:port; port 0 picks a free one)")
        ->envname("CHATTER_LISTEN")
        ->capture_default_str();
    app.add_option("--web-root", config.web_root, "Directory of the built web client (web/dist)")
        ->envname("CHATTER_WEB_ROOT")
        ->capture_default_str();
    app.add_option(
           "--public-origin",
           config.public_origin,
           "Origin users reach Chatter at, e.g. https://chat.example.com (checked on state-changing "
           "requests and socket handshakes; default: the request's Host)"
    )
        ->envname("CHATTER_PUBLIC_ORIGIN");
    app.add_flag("--secure-cookies", config.secure_cookies, "Mark cookies Secure (set when served over HTTPS)")
        ->envname("CHATTER_SECURE_COOKIES");
    app.add_option("--database-pool", config.database_pool, "PostgreSQL connections this node opens at most")
        ->envname("CHATTER_DATABASE_POOL")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    app.add_option("--io-threads", config.io_threads, "Network threads (0: one per core)")
        ->envname("CHATTER_IO_THREADS")
        ->capture_default_str();
    app.add_option("--worker-threads", config.worker_threads, "Threads for blocking work")
        ->envname("CHATTER_WORKER_THREADS")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    app.add_option("--max-body", config.max_body_bytes, "Largest JSON request body in bytes (larger: 413)")
        ->envname("CHATTER_MAX_BODY")
        ->check(CLI::Range(size_t{1024}, size_t{1} << 30))
        ->capture_default_str();
    app.add_option("--request-timeout", config.request_timeout_s, "Seconds to receive one request")
        ->envname("CHATTER_REQUEST_TIMEOUT")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str();
    app.add_option("--session-ttl-days", config.session_ttl_days, "Lifetime of a sign-in session in days")
        ->envname("CHATTER_SESSION_TTL_DAYS")
        ->check(CLI::Range(1, 3650))
        ->capture_default_str();
    app.add_option(
           "--login-attempts-per-account",
           config.login_attempts_per_account,
           "Failed sign-ins allowed per account per window (then 429)"
    )
        ->envname("CHATTER_LOGIN_ATTEMPTS_PER_ACCOUNT")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    app.add_option(
           "--login-attempts-per-ip",
           config.login_attempts_per_ip,
           "Failed sign-ins allowed per client address per window (then 429)"
    )
        ->envname("CHATTER_LOGIN_ATTEMPTS_PER_IP")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    app.add_option("--login-window", config.login_window_s, "Window in seconds for the sign-in limits")
        ->envname("CHATTER_LOGIN_WINDOW")
        ->check(CLI::Range(1, 86400))
        ->capture_default_str();
    app.add_option(
           "--register-per-ip-per-hour",
           config.register_per_ip_per_hour,
           "Accounts one client address may create per hour"
    )
        ->envname("CHATTER_REGISTER_PER_IP_PER_HOUR")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    app.add_option("--max-upload", config.max_upload_bytes, "Largest uploaded or imported file in bytes (larger: 413)")
        ->envname("CHATTER_MAX_UPLOAD")
        ->check(CLI::Range(int64_t{1}, int64_t{1} << 40))
        ->capture_default_str();
    app.add_option("--max-expiry", config.max_expiry_s, "Longest lifetime of an uploaded file in seconds")
        ->envname("CHATTER_MAX_EXPIRY")
        ->check(CLI::Range(int64_t{1}, int64_t{10} * 365 * 86400))
        ->capture_default_str();
    app.add_option("--min-expiry", config.min_expiry_s, "Shortest lifetime of an uploaded file in seconds")
        ->envname("CHATTER_MIN_EXPIRY")
        ->check(CLI::Range(int64_t{1}, int64_t{86400}))
        ->capture_default_str();
    app.add_option("--max-avatar", config.max_avatar_bytes, "Largest avatar image in bytes (larger: 413)")
        ->envname("CHATTER_MAX_AVATAR")
        ->check(CLI::Range(int64_t{1}, int64_t{64} << 20))
        ->capture_default_str();
    app.add_option("--site-name", config.site_name, "Name of this server, shown on the sign-in page")
        ->envname("CHATTER_SITE_NAME")
        ->capture_default_str();
    app.add_option(
           "--presence-burst",
           config.presence_burst,
           "Online/offline changes announced one by one per presence window; more wait and go out together"
    )
        ->envname("CHATTER_PRESENCE_BURST")
        ->check(CLI::Range(0, 100000))
        ->capture_default_str();
    app.add_option("--presence-window", config.presence_window_ms, "The presence window in milliseconds")
        ->envname("CHATTER_PRESENCE_WINDOW")
        ->check(CLI::Range(10, 600000))
        ->capture_default_str();
    app.add_option("--user-quota", config.user_quota_bytes, "Bytes of live files one user may keep (0: no quota)")
        ->envname("CHATTER_USER_QUOTA")
        ->check(CLI::Range(int64_t{0}, int64_t{1} << 50))
        ->capture_default_str();
    app.add_option(
        "--fetch-allow-host",
        config.fetch_allow_hosts,
        "Host or address URL import may fetch from even if it is private or loopback (repeatable)"
    );
    app.add_option("--ice-server", config.ice_servers, "STUN or TURN URL handed to voice clients (repeatable)")
        ->envname("CHATTER_ICE_SERVERS")
        ->delimiter(',')
        ->check(ice_url_validator());
    app.add_option("--turn-username", config.turn_username, "Username for the turn: and turns: ICE servers")
        ->envname("CHATTER_TURN_USERNAME");
    app.add_option("--turn-credential", config.turn_credential, "Credential for the turn: and turns: ICE servers")
        ->envname("CHATTER_TURN_CREDENTIAL");
    app.add_option("--redis", config.redis_url, "Cluster mode: Redis URL shared by every node (redis://host:6379)")
        ->envname("CHATTER_REDIS")
        ->check(CLI::Validator(
            [](const std::string& value) {
                std::string error;
                return pubsub::parse_redis_url(value, error) ? std::string{} : error;
            },
            "URL"
        ));
    app.add_option("--node-id", config.node_id, "Cluster mode: this node's id (default: host name and random digits)")
        ->envname("CHATTER_NODE_ID")
        ->check(CLI::Validator(
            [](const std::string& value) {
                return pubsub::valid_node_id(value) ? std::string{}
                                                    : std::string("a node id is 1 to 64 of A-Z a-z 0-9 . _ -");
            },
            "ID"
        ));
    app.add_option(
           "--node-ttl",
           config.node_ttl_s,
           "Cluster mode: seconds after which a node that stopped answering counts as gone (its users go offline)"
    )
        ->envname("CHATTER_NODE_TTL")
        ->check(CLI::Range(2, 3600))
        ->capture_default_str();
    app.add_option(
           "--trusted-proxy",
           config.trusted_proxies,
           "Address or CIDR of a reverse proxy whose X-Forwarded-For is believed (repeatable; the client "
           "address is then the right-most untrusted entry)"
    )
        ->envname("CHATTER_TRUSTED_PROXY")
        ->delimiter(',')
        ->check(CLI::Validator(
            [](const std::string& value) {
                return net::parse_network(value) ? std::string{}
                                                 : std::string("not an IP address or CIDR: ").append(value);
            },
            "ADDR[/PREFIX]"
        ));
}

}  // namespace

std::optional<Invocation> parse_command_line(int argc, char** argv, int& exit_code) {
    Invocation inv;
    inv.config.web_root = CHATTER_DEFAULT_WEB_ROOT;
    CLI::App app{"chatterd — the Chatter chat server"};
    app.set_version_flag("--version", std::string("chatterd ") + CHATTER_VERSION);
    app.require_subcommand(0, 1);
    add_common_flags(app, inv.config);
    add_serve_flags(app, inv.config);

    auto* serve = app.add_subcommand("serve", "Run the server (the default)");
    add_common_flags(*serve, inv.config);
    add_serve_flags(*serve, inv.config);

    auto* user = app.add_subcommand("user", "Manage accounts");
    user->require_subcommand(1);
    // Both take the account name and a password that is generated and printed unless typed.
    const auto account_command = [&](const char* name, const std::string& what) {
        auto* command = user->add_subcommand(name, what + " (prints a generated password unless --password-stdin)");
        add_common_flags(*command, inv.config);
        command->add_option("name", inv.username, "Username")->required();
        command->add_flag("--password-stdin", inv.password_stdin, "Read the password from the first line of stdin");
        return command;
    };
    auto* create = account_command("create", "Create an account");
    create->add_option("--role", inv.role, "user, admin or superadmin")
        ->check(CLI::IsMember({"user", "admin", "superadmin"}))
        ->capture_default_str();
    auto* password = account_command("password", "Set a new password and sign the account out everywhere");

    auto* migrate = app.add_subcommand("migrate", "Apply database migrations and exit");
    add_common_flags(*migrate, inv.config);

    auto* backup = app.add_subcommand(
        "backup",
        "Copy the embedded installation (--data-dir: database, uploads, avatars) into a new directory while "
        "the server runs; serve --data-dir on that directory restores it"
    );
    add_common_flags(*backup, inv.config);
    backup->add_option("destination", inv.backup_destination, "A directory that does not exist yet, or is empty")
        ->required();

    auto* conformance = app.add_subcommand("conformance", "Run a Socket.IO compliance-suite test server");
    conformance
        ->add_option(
            "mode",
            inv.conformance_mode,
            "engineio (raw echo at /engine.io/), socketio (the compliance-suite app at /socket.io/) "
            "or socketio-extended (the suite app plus the events tests/realtime uses)"
        )
        ->required()
        ->check(CLI::IsMember({"engineio", "socketio", "socketio-extended"}));
    conformance->add_option("--port", inv.conformance_port, "Port (0 picks a free one)")->capture_default_str();
    conformance
        ->add_option(
            "--threads",
            inv.conformance_threads,
            "Network threads (bench/run.sh uses 1: the server is pinned to one core)"
        )
        ->check(CLI::Range(1, 64))
        ->capture_default_str();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        exit_code = app.exit(error);
        return std::nullopt;
    }
    if (*create) {
        inv.command = Command::kUserCreate;
    } else if (*password) {
        inv.command = Command::kUserPassword;
    } else if (*migrate) {
        inv.command = Command::kMigrate;
    } else if (*backup) {
        inv.command = Command::kBackup;
    } else if (*conformance) {
        inv.command = Command::kConformance;
    }
    if (inv.config.io_threads <= 0) {
        inv.config.io_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    }
    return inv;
}

}  // namespace chatter::app
