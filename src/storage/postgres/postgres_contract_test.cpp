// Runs the storage contract against PostgreSQL: every test gets a fresh schema on the test server.

#include "storage/contract/backend_contract.hpp"
#include "storage/postgres/pg_test_support.hpp"

namespace chatter::storage::contract {
namespace {

BackendFactory postgres_factory() {
    return BackendFactory{
        .name = "Postgres",
        .make = [] { return std::unique_ptr<Backend>(std::make_unique<postgres::testing::ScratchPgBackend>()); },
    };
}

CHATTER_INSTANTIATE_STORAGE_CONTRACT(Postgres, ::testing::Values(postgres_factory()));

}  // namespace
}  // namespace chatter::storage::contract
