#include "storage/contract/backend_contract.hpp"

namespace chatter::storage::contract {
namespace {

TEST_P(VoiceChannelStoreContract, FreshDatabaseHasGeneral) {
    EXPECT_EQ(backend().voice_channels().list(), std::vector<std::string>{"general"});
    EXPECT_TRUE(backend().voice_channels().exists("general"));
    EXPECT_FALSE(backend().voice_channels().exists("gaming"));
}

TEST_P(VoiceChannelStoreContract, InsertIsUniqueAndListIsSorted) {
    const auto admin = add_user("admin");
    EXPECT_TRUE(backend().voice_channels().insert("music", admin.id, 10));
    EXPECT_TRUE(backend().voice_channels().insert("gaming", std::nullopt, 11));
    EXPECT_FALSE(backend().voice_channels().insert("music", admin.id, 12));
    EXPECT_EQ(backend().voice_channels().list(), (std::vector<std::string>{"gaming", "general", "music"}));
}

TEST_P(VoiceChannelStoreContract, RemoveReportsWhetherItExisted) {
    EXPECT_TRUE(backend().voice_channels().remove("general"));
    EXPECT_FALSE(backend().voice_channels().remove("general"));
    EXPECT_TRUE(backend().voice_channels().list().empty());
}

}  // namespace
}  // namespace chatter::storage::contract
