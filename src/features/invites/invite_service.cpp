#include "features/invites/invite_service.hpp"

#include <sodium.h>
#include <boost/json.hpp>

#include <algorithm>

#include "core/error.hpp"
#include "core/time.hpp"

namespace chatter::invites {

namespace json = boost::json;

namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : static_cast<char>(c);
    });
    return text;
}

}  // namespace

std::string new_invite_code() {
    std::string code;
    code.reserve(kCodeLength);
    for (size_t i = 0; i < kCodeLength; ++i) {
        code.push_back(kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))]);
    }
    return code;
}

storage::InviteRecord InviteService::create(
    const Principal& principal, int64_t thread_id, std::optional<int64_t> expires_in
) {
    const auto thread = gdm_.visible_thread(principal, thread_id);
    if (thread.owner_id != principal.id) {
        throw Error(Errc::kForbidden, "Only the group's owner can create invites.", "forbidden");
    }
    const int64_t lifetime = expires_in.value_or(kDefaultExpiresIn);
    if (lifetime < kMinExpiresIn || lifetime > kMaxExpiresIn) {
        throw Error(Errc::kBadRequest, "expires_in must be between 60 seconds and 30 days.", "invalid_field");
    }
    const int64_t now = unix_now();
    return backend_.gdms().create_invite(storage::InviteRecord{
        .code = new_invite_code(),
        .thread_id = thread_id,
        .created_by = principal.id,
        .created_at = now,
        .expires_at = now + lifetime,
        .used_by = std::nullopt,
    });
}

JoinResult InviteService::join(const Principal& principal, const std::string& raw_code) {
    const std::string code = upper(raw_code);
    const auto invite = code.empty() || code.size() > 64 ? std::nullopt : backend_.gdms().fetch_invite(code);
    const auto thread = invite ? backend_.gdms().fetch(invite->thread_id) : std::nullopt;
    if (!invite || !thread) {
        throw Error(Errc::kNotFound, "That invite code does not exist.", "invite_not_found");
    }
    if (invite->used_by) {
        throw Error(Errc::kConflict, "That invite has been used already.", "invite_used");
    }
    const int64_t now = unix_now();
    if (invite->expires_at <= now) {
        throw Error(Errc::kConflict, "That invite has expired.", "invite_expired");
    }
    gdm::require_gdm_enabled(settings_.snapshot());
    if (backend_.gdms().is_member(thread->id, principal.id)) {
        throw Error(Errc::kConflict, "You are already a member of this group.", "already_member");
    }
    if (backend_.gdms().is_banned(thread->id, principal.id)) {
        throw Error(
            Errc::kForbidden, "You were removed from this group and cannot rejoin by invite.", "banned_from_group"
        );
    }
    if (thread->members.size() >= gdm::kMaxMembers) {
        throw Error(Errc::kConflict, "This group is full.", "group_full");
    }
    if (!backend_.gdms().claim_invite(code, principal.id, now)) {
        // Someone claimed it between our read and the write (or it expired just now).
        throw Error(Errc::kConflict, "That invite has been used already.", "invite_used");
    }
    auto members = thread->members;
    members.push_back(principal.username);
    gdm_.refresh(members, json::object{{"tid", thread->id}});
    return JoinResult{thread->id, thread->name};
}

}  // namespace chatter::invites
