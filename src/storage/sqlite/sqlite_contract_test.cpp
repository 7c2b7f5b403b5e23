// Runs the storage contract against SQLite.

#include "storage/contract/backend_contract.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace chatter::storage::contract {
namespace {

BackendFactory sqlite_factory() {
    return BackendFactory{
        .name = "Sqlite",
        .make = [] { return std::unique_ptr<Backend>(std::make_unique<sqlite::testing::ScratchSqliteBackend>()); },
    };
}

CHATTER_INSTANTIATE_STORAGE_CONTRACT(Sqlite, ::testing::Values(sqlite_factory()));

}  // namespace
}  // namespace chatter::storage::contract
