#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "features/auth/auth_rules.hpp"
#include "features/auth/auth_service.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace chatter::auth {
namespace {

std::string code_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& error) {
        return error.code();
    }
    return "no error";
}

class AuthServiceTest : public ::testing::Test {
  protected:
    AuthServiceTest() : service_(backend_, config_, limiter_) {
        crypto::crypto_init();
        config_.login_attempts_per_account = 3;
        config_.login_attempts_per_ip = 10;
    }

    storage::sqlite::testing::ScratchSqliteBackend backend_;
    Config config_;
    RateLimiter limiter_;
    AuthService service_;
    ClientInfo client_{"192.0.2.1", "test-agent"};
};

TEST(AuthRules, Usernames) {
    EXPECT_NO_THROW(validate_username("Alice_1.b-c"));
    EXPECT_NO_THROW(validate_username(std::string(32, 'a')));
    EXPECT_EQ(code_of([] { validate_username(""); }), "invalid_username");
    EXPECT_EQ(code_of([] { validate_username(std::string(33, 'a')); }), "invalid_username");
    EXPECT_EQ(code_of([] { validate_username("a b"); }), "invalid_username");
    EXPECT_EQ(code_of([] { validate_username("<script>"); }), "invalid_username");
    EXPECT_EQ(code_of([] { validate_username("j\xc3\xb6rg"); }), "invalid_username");
    EXPECT_EQ(code_of([] { validate_username("SyStEm"); }), "invalid_username");
}

TEST(AuthRules, PasswordsEmailsRoles) {
    EXPECT_EQ(code_of([] { validate_password("1234567"); }), "weak_password");
    EXPECT_NO_THROW(validate_password("12345678"));
    EXPECT_EQ(
        code_of([] { validate_password("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"); }), "weak_password"
    );
    EXPECT_NO_THROW(validate_password("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"));
    EXPECT_EQ(code_of([] { validate_password(std::string(1025, 'x')); }), "weak_password");
    EXPECT_NO_THROW(validate_email("a@b.org"));
    EXPECT_EQ(code_of([] { validate_email("a@b"); }), "invalid_email");
    EXPECT_EQ(code_of([] { validate_email("<a@b.org>"); }), "invalid_email");
    EXPECT_EQ(code_of([] { validate_role("god"); }), "invalid_role");
}

TEST_F(AuthServiceTest, FirstAccountIsSuperadminThenUsers) {
    const auto first = service_.register_user("root_user", "password1", std::nullopt, client_);
    const auto second = service_.register_user("bob", "password2", std::string("bob@example.org"), client_);
    EXPECT_EQ(first.principal.role, "superadmin");
    EXPECT_EQ(second.principal.role, "user");
    EXPECT_EQ(first.token.size(), 43U);
    EXPECT_TRUE(first.principal.session_id);
}

TEST_F(AuthServiceTest, SessionTokenAuthenticatesAndIsStoredHashed) {
    const auto grant = service_.register_user("ann", "password1", std::nullopt, client_);
    const auto principal = service_.authenticate_session(grant.token);
    ASSERT_TRUE(principal);
    EXPECT_EQ(principal->username, "ann");
    EXPECT_FALSE(backend_.sessions().fetch_by_hash(grant.token, 0));
    EXPECT_FALSE(service_.authenticate_session("forged"));
    service_.logout(*principal);
    EXPECT_FALSE(service_.authenticate_session(grant.token));
}

TEST_F(AuthServiceTest, DuplicateNamesInAnyCaseConflict) {
    service_.register_user("Ann", "password1", std::nullopt, client_);
    EXPECT_EQ(code_of([&] { service_.register_user("aNN", "password1", std::nullopt, client_); }), "username_taken");
}

TEST_F(AuthServiceTest, WrongPasswordAndUnknownUserGiveTheSameError) {
    service_.register_user("ann", "password1", std::nullopt, client_);
    EXPECT_EQ(code_of([&] { service_.login("ann", "wrong-pass", client_); }), "invalid_credentials");
    EXPECT_EQ(code_of([&] { service_.login("nobody", "wrong-pass", client_); }), "invalid_credentials");
    EXPECT_EQ(service_.login("ANN", "password1", client_).principal.username, "ann");
}

TEST_F(AuthServiceTest, RepeatedFailuresLockTheAccountEvenForTheRightPassword) {
    service_.register_user("ann", "password1", std::nullopt, client_);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(code_of([&] { service_.login("ann", "bad-password", client_); }), "invalid_credentials");
    }
    try {
        service_.login("ann", "password1", client_);
        FAIL() << "expected rate limit";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), "rate_limited");
        ASSERT_TRUE(error.retry_after_s);
        EXPECT_GT(*error.retry_after_s, 0);
    }
}

TEST_F(AuthServiceTest, BannedAccountsCannotSignInAndLoseTheirSessions) {
    const auto grant = service_.register_user("ann", "password1", std::nullopt, client_);
    backend_.users().update_banned(grant.principal.id, true, std::string("spam"));
    EXPECT_EQ(code_of([&] { service_.login("ann", "password1", client_); }), "banned");
    EXPECT_FALSE(service_.authenticate_session(grant.token));
}

TEST_F(AuthServiceTest, PasswordChangeRevokesOtherSessionsOnly) {
    const auto first = service_.register_user("ann", "password1", std::nullopt, client_);
    const auto second = service_.login("ann", "password1", client_);
    EXPECT_EQ(
        code_of([&] { service_.change_password(first.principal, "nope-nope", "password2"); }), "invalid_credentials"
    );
    EXPECT_EQ(service_.change_password(first.principal, "password1", "password2"), 1);
    EXPECT_TRUE(service_.authenticate_session(first.token));
    EXPECT_FALSE(service_.authenticate_session(second.token));
    EXPECT_NO_THROW(service_.login("ann", "password2", client_));
}

TEST_F(AuthServiceTest, OperatorPasswordResetRevokesEverySessionAndIsAudited) {
    const auto first = service_.register_user("ann", "password1", std::nullopt, client_);
    const auto second = service_.login("ann", "password1", client_);
    EXPECT_EQ(service_.reset_password("ANN", "a new password"), std::make_pair(std::string("ann"), int64_t{2}));
    EXPECT_FALSE(service_.authenticate_session(first.token));
    EXPECT_FALSE(service_.authenticate_session(second.token));
    EXPECT_EQ(code_of([&] { service_.login("ann", "password1", client_); }), "invalid_credentials");
    EXPECT_NO_THROW(service_.login("ann", "a new password", client_));
    const auto audit = backend_.audit().fetch_page(std::nullopt, 10);
    ASSERT_FALSE(audit.empty());
    EXPECT_EQ(audit.front().actor, "(command line)");
    EXPECT_EQ(audit.front().action, "password_reset");
    EXPECT_EQ(audit.front().target, "ann");

    EXPECT_EQ(code_of([&] { service_.reset_password("ann", "short"); }), "weak_password");
    EXPECT_EQ(code_of([&] { service_.reset_password("nobody", "a new password"); }), "user_not_found");
    EXPECT_EQ(code_of([&] { service_.reset_password(std::string(200, 'a'), "a new password"); }), "user_not_found");
    backend_.users().insert(storage::NewUser{.username = "System", .password_hash = "!", .role = "user"}, false);
    EXPECT_EQ(code_of([&] { service_.reset_password("System", "a new password"); }), "user_not_found");
}

TEST_F(AuthServiceTest, SessionsCanOnlyBeRevokedByTheirOwner) {
    const auto ann = service_.register_user("ann", "password1", std::nullopt, client_);
    const auto bob = service_.register_user("bob", "password1", std::nullopt, client_);
    EXPECT_EQ(code_of([&] { service_.revoke_session(bob.principal, *ann.principal.session_id); }), "not_found");
    EXPECT_TRUE(service_.authenticate_session(ann.token));
    EXPECT_EQ(service_.list_sessions(ann.principal).size(), 1U);
}

TEST_F(AuthServiceTest, ApiTokensAuthenticateUntilDeleted) {
    const auto ann = service_.register_user("ann", "password1", std::nullopt, client_);
    EXPECT_EQ(code_of([&] { service_.create_token(ann.principal, ""); }), "invalid_field");
    const auto created = service_.create_token(ann.principal, "bot");
    const auto principal = service_.authenticate_token(created.token);
    ASSERT_TRUE(principal);
    EXPECT_EQ(principal->token_id, created.record.id);
    EXPECT_FALSE(principal->session_id);
    EXPECT_EQ(service_.list_tokens(ann.principal).size(), 1U);
    service_.delete_token(ann.principal, created.record.id);
    EXPECT_FALSE(service_.authenticate_token(created.token));
    EXPECT_EQ(code_of([&] { service_.delete_token(ann.principal, created.record.id); }), "not_found");
}

TEST_F(AuthServiceTest, TokenCountIsCapped) {
    config_.max_api_tokens_per_user = 2;
    const auto ann = service_.register_user("ann", "password1", std::nullopt, client_);
    service_.create_token(ann.principal, "a");
    service_.create_token(ann.principal, "b");
    EXPECT_EQ(code_of([&] { service_.create_token(ann.principal, "c"); }), "too_many_tokens");
}

TEST_F(AuthServiceTest, InviteOnlyModeClosesRegistrationAfterTheFirstAccount) {
    service_.register_user("owner", "password1", std::nullopt, client_);
    backend_.settings().upsert({{"INVITE_ONLY_MODE", "1"}});
    EXPECT_EQ(
        code_of([&] { service_.register_user("late", "password1", std::nullopt, client_); }), "registration_closed"
    );
}

}  // namespace
}  // namespace chatter::auth
