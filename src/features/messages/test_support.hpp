#pragma once
// Test helpers for messaging services: the recording EventSink and a scratch backend with users.

#include <boost/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "core/recording_sink.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace chatter::messages::testing {

using chatter::testing::Emitted;
using chatter::testing::RecordingSink;

/// The error code `fn` throws, or "no error".
inline std::string code_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& error) {
        return error.code();
    }
    return "no error";
}

/// Creates a user in the backend and returns its principal.
inline Principal make_user(storage::Backend& backend, const std::string& name, const std::string& role = "user") {
    const auto record =
        backend.users().insert(storage::NewUser{.username = name, .password_hash = "x", .role = role}, false);
    return Principal{.id = record.id, .username = record.username, .role = record.role};
}

}  // namespace chatter::messages::testing
