#pragma once
// Server configuration: filled from command-line flags and CHATTER_* environment variables by
// app/cli.cpp; every other module only reads it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace chatter {

struct Config {
    std::string listen = "127.0.0.1:8080";  // host:port; [v6]:port accepted
    std::string data_dir = "./data";        // chatter.db (unless `database` is set) and files/ live here
    std::string database;                   // PostgreSQL URL (cluster mode); empty: SQLite in data_dir
    int database_pool = 8;                  // PostgreSQL connections per node at most
    std::string web_root;                   // built web client (defaults to the source tree's web/dist)
    std::string log_level = "info";
    std::string public_origin;  // e.g. https://chat.example.com; empty: derived from the Host header
    bool secure_cookies = false;
    int io_threads = 0;      // 0: one per core
    int worker_threads = 8;  // blocking work: password hashing, database waits

    size_t max_body_bytes = 1 << 20;  // JSON bodies
    int request_timeout_s = 30;       // whole request read
    int idle_timeout_s = 75;          // keep-alive idle
    int session_ttl_days = 30;

    int login_attempts_per_account = 5;  // failed sign-ins per account per window
    int login_attempts_per_ip = 20;      // failed sign-ins per client address per window
    int login_window_s = 300;
    int register_per_ip_per_hour = 20;
    int max_api_tokens_per_user = 20;

    std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For is believed

    // Temporary file hosting (issue #6).
    int64_t max_upload_bytes = int64_t{100} << 20;
    int64_t max_expiry_s = int64_t{30} * 86400;
    int64_t min_expiry_s = 60;                    // tests lower it to see expiry happen
    int64_t user_quota_bytes = int64_t{1} << 30;  // 0: no quota
    std::vector<std::string> fetch_allow_hosts;   // URL import may reach these despite the filter

    // Voice (issue #7): STUN/TURN URLs handed to browsers; the credentials go with turn(s): URLs.
    std::vector<std::string> ice_servers;
    std::string turn_username;
    std::string turn_credential;

    // Users (issue #6).
    int64_t max_avatar_bytes = int64_t{2} << 20;
    std::string site_name = "Chatter";  // shown by GET /api/public/info
    // Presence: changes announced one by one per window; more are batched (PresenceAnnouncer).
    int presence_burst = 10;
    int presence_window_ms = 1000;

    // Cluster mode (docs/decisions/0007-cluster-bus.md). Without a Redis URL this is the only
    // node and everything stays in-process.
    std::string redis_url;  // redis://[[user]:password@]host[:port][/db]
    std::string node_id;    // empty: the host name and random digits
    int node_ttl_s = 15;    // a node silent this long is gone, and its users with it
};

}  // namespace chatter
