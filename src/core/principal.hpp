#pragma once
// Who is making a request or holds a socket: the signed-in user as services see it.

#include <cstdint>
#include <optional>
#include <string>

namespace chatter {

struct Principal {
    int64_t id = 0;
    std::string username;
    std::string role;                   // "user" | "admin" | "superadmin"
    std::optional<int64_t> session_id;  // set when authenticated by the session cookie
    std::optional<int64_t> token_id;    // set when authenticated by an API token

    bool is_admin() const { return role == "admin" || role == "superadmin"; }
    bool is_superadmin() const { return role == "superadmin"; }
};

}  // namespace chatter
