#pragma once
// The storage contract: value-parameterised GoogleTest suites that every Backend must pass. The
// suites are defined in the *_contract_test.cpp files beside this header; a backend runs them with
// CHATTER_INSTANTIATE_STORAGE_CONTRACT in its own *_test.cpp.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "storage/stores.hpp"

namespace chatter::storage::contract {

/// Makes a fresh, empty, migrated backend for each test. The backend is closed after the test and
/// must release whatever it created (temporary files, schemas) when destroyed.
struct BackendFactory {
    std::string name;  // a valid test-name fragment, e.g. "Sqlite"
    std::function<std::unique_ptr<Backend>()> make;
};

inline void PrintTo(const BackendFactory& factory, std::ostream* out) {
    *out << factory.name;
}

inline std::string factory_name(const ::testing::TestParamInfo<BackendFactory>& info) {
    return info.param.name;
}

class BackendContract : public ::testing::TestWithParam<BackendFactory> {
  protected:
    void SetUp() override { backend_ = GetParam().make(); }

    void TearDown() override {
        if (backend_) {
            backend_->close();
        }
        backend_.reset();
    }

    Backend& backend() { return *backend_; }

    UserRecord add_user(const std::string& name, bool first_becomes_superadmin = false) {
        return backend().users().insert(
            NewUser{.username = name, .password_hash = "hash-" + name}, first_becomes_superadmin
        );
    }

  private:
    std::unique_ptr<Backend> backend_;
};

class UserStoreContract : public BackendContract {};
class SessionStoreContract : public BackendContract {};
class TokenStoreContract : public BackendContract {};
class SettingsStoreContract : public BackendContract {};
class AuditStoreContract : public BackendContract {};
class ChannelStoreContract : public BackendContract {};
class DmStoreContract : public BackendContract {};
class GdmStoreContract : public BackendContract {};
class ReactionStoreContract : public BackendContract {};
class SearchStoreContract : public BackendContract {};
class DocStoreContract : public BackendContract {};
class FileStoreContract : public BackendContract {};
class VoiceChannelStoreContract : public BackendContract {};
class ModerationStoreContract : public BackendContract {};
class CustomChannelStoreContract : public BackendContract {};
class ProfileStoreContract : public BackendContract {};
class ReadMarkerStoreContract : public BackendContract {};

}  // namespace chatter::storage::contract

/// Runs every contract suite against the backends produced by `factories` (a ::testing::Values of
/// BackendFactory).
#define CHATTER_INSTANTIATE_STORAGE_CONTRACT(prefix, factories)                                                       \
    INSTANTIATE_TEST_SUITE_P(prefix, UserStoreContract, factories, ::chatter::storage::contract::factory_name);       \
    INSTANTIATE_TEST_SUITE_P(prefix, SessionStoreContract, factories, ::chatter::storage::contract::factory_name);    \
    INSTANTIATE_TEST_SUITE_P(prefix, TokenStoreContract, factories, ::chatter::storage::contract::factory_name);      \
    INSTANTIATE_TEST_SUITE_P(prefix, SettingsStoreContract, factories, ::chatter::storage::contract::factory_name);   \
    INSTANTIATE_TEST_SUITE_P(prefix, AuditStoreContract, factories, ::chatter::storage::contract::factory_name);      \
    INSTANTIATE_TEST_SUITE_P(prefix, ChannelStoreContract, factories, ::chatter::storage::contract::factory_name);    \
    INSTANTIATE_TEST_SUITE_P(prefix, DmStoreContract, factories, ::chatter::storage::contract::factory_name);         \
    INSTANTIATE_TEST_SUITE_P(prefix, GdmStoreContract, factories, ::chatter::storage::contract::factory_name);        \
    INSTANTIATE_TEST_SUITE_P(prefix, ReactionStoreContract, factories, ::chatter::storage::contract::factory_name);   \
    INSTANTIATE_TEST_SUITE_P(prefix, SearchStoreContract, factories, ::chatter::storage::contract::factory_name);     \
    INSTANTIATE_TEST_SUITE_P(prefix, DocStoreContract, factories, ::chatter::storage::contract::factory_name);        \
    INSTANTIATE_TEST_SUITE_P(prefix, FileStoreContract, factories, ::chatter::storage::contract::factory_name);       \
    INSTANTIATE_TEST_SUITE_P(                                                                                         \
        prefix, VoiceChannelStoreContract, factories, ::chatter::storage::contract::factory_name                      \
    );                                                                                                                \
    INSTANTIATE_TEST_SUITE_P(prefix, ModerationStoreContract, factories, ::chatter::storage::contract::factory_name); \
    INSTANTIATE_TEST_SUITE_P(                                                                                         \
        prefix, CustomChannelStoreContract, factories, ::chatter::storage::contract::factory_name                     \
    );                                                                                                                \
    INSTANTIATE_TEST_SUITE_P(prefix, ProfileStoreContract, factories, ::chatter::storage::contract::factory_name);    \
    INSTANTIATE_TEST_SUITE_P(prefix, ReadMarkerStoreContract, factories, ::chatter::storage::contract::factory_name)
