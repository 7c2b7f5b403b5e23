#include "features/gdm/gdm_service.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "core/error.hpp"
#include "core/time.hpp"

namespace chatter::gdm {

namespace json = boost::json;

namespace {

constexpr size_t kMaxNameChars = 100;

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
    });
    return out;
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
    const std::string key = lower(name);
    return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return lower(n) == key; });
}

[[noreturn]] void forbidden(const std::string& sentence) {
    throw Error(Errc::kForbidden, sentence, "forbidden");
}

}  // namespace

json::object thread_json(const storage::ThreadRecord& thread) {
    json::array members;
    for (const auto& name : thread.members) {
        members.push_back(json::value(name));
    }
    return json::object{
        {"id", thread.id},
        {"name", thread.name},
        {"created_by", thread.owner},
        {"created_at", format_iso(thread.created_at)},
        {"locked", thread.locked ? 1 : 0},
        {"members", std::move(members)},
    };
}

std::string validate_group_name(const std::string& name) {
    const auto first = name.find_first_not_of(" \t\r\n");
    const auto last = name.find_last_not_of(" \t\r\n");
    std::string trimmed = first == std::string::npos ? "" : name.substr(first, last - first + 1);
    const size_t chars = messages::char_count(trimmed);
    const bool control =
        std::any_of(trimmed.begin(), trimmed.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
    if (chars == 0 || chars > kMaxNameChars || control) {
        throw Error(Errc::kBadRequest, "A group name is 1 to 100 characters of plain text.", "invalid_name");
    }
    return trimmed;
}

void require_gdm_enabled(const settings::SettingsSnapshot& settings) {
    if (!settings.flag(settings::kGdmEnabled)) {
        throw Error(Errc::kUnavailable, "Group messages are switched off.", "gdm_disabled");
    }
}

void GdmService::require_toggle(std::string_view key) {
    if (!settings_.snapshot().flag(key)) {
        throw Error(Errc::kForbidden, "This action is switched off (" + std::string(key) + ").", "feature_disabled");
    }
}

void GdmService::refresh(const std::vector<std::string>& usernames, const json::object& payload) {
    for (const auto& name : usernames) {
        sink_.to_user(name, "gdm_threads_refresh", payload);
    }
}

std::vector<storage::ThreadRecord> GdmService::threads(const Principal& principal) {
    return backend_.gdms().threads_for(principal.id);
}

storage::ThreadRecord GdmService::create(
    const Principal& principal, const std::optional<std::string>& name, const std::vector<std::string>& members
) {
    require_gdm_enabled(settings_.snapshot());
    std::vector<int64_t> ids;
    std::vector<std::string> names;
    for (const auto& member : members) {
        if (lower(member) == lower(principal.username) || contains(names, member)) {
            continue;
        }
        const auto user = backend_.users().fetch_by_name(member);
        if (!user) {
            throw Error(Errc::kNotFound, "There is no user called " + member + ".", "user_not_found");
        }
        ids.push_back(user->id);
        names.push_back(user->username);
    }
    if (ids.empty()) {
        throw Error(Errc::kBadRequest, "A group needs at least one other member.", "not_enough_members");
    }
    if (ids.size() + 1 > kMaxMembers) {
        throw Error(Errc::kBadRequest, "A group has at most 50 members.", "too_many_members");
    }
    std::string group_name;
    if (name && !name->empty()) {
        group_name = validate_group_name(*name);
    } else {
        group_name = "Group with " + names.front();
        for (size_t i = 1; i < names.size(); ++i) {
            group_name += ", " + names[i];
        }
        if (messages::char_count(group_name) > kMaxNameChars) {
            group_name = "Group of " + std::to_string(names.size() + 1);
        }
    }
    auto thread = backend_.gdms().create(group_name, principal.id, ids);
    refresh(thread.members, json::object{{"tid", thread.id}});
    return thread;
}

storage::ThreadRecord GdmService::visible_thread(const Principal& principal, int64_t tid, bool admins_too) {
    auto thread = backend_.gdms().fetch(tid);
    if (!thread || (!contains(thread->members, principal.username) && !(admins_too && principal.is_admin()))) {
        throw Error(Errc::kNotFound, "That group does not exist.", "thread_not_found");
    }
    return *thread;
}

storage::ThreadRecord GdmService::owned_thread(const Principal& principal, int64_t tid) {
    auto thread = visible_thread(principal, tid);
    if (thread.owner_id != principal.id) {
        forbidden("Only the group's owner can do that.");
    }
    return thread;
}

storage::UserRecord GdmService::member_user(const storage::ThreadRecord& thread, const std::string& username) {
    const auto user = backend_.users().fetch_by_name(username);
    if (!user || !contains(thread.members, user->username)) {
        throw Error(Errc::kNotFound, username + " is not a member of this group.", "not_a_member");
    }
    if (user->id == thread.owner_id) {
        throw Error(Errc::kConflict, "The owner cannot be removed from the group.", "owner_cannot_be_removed");
    }
    return *user;
}

std::vector<storage::MessageRecord> GdmService::history(
    const Principal& principal, int64_t tid, const storage::PageQuery& page
) {
    visible_thread(principal, tid);
    return backend_.gdms().fetch_messages(tid, page);
}

storage::ThreadRecord GdmService::rename(const Principal& principal, int64_t tid, const std::string& name) {
    auto thread = owned_thread(principal, tid);
    thread.name = validate_group_name(name);
    backend_.gdms().rename(tid, thread.name);
    refresh(thread.members, json::object{{"tid", tid}});
    return thread;
}

std::vector<std::string> GdmService::add_members(
    const Principal& principal, int64_t tid, const std::vector<std::string>& users
) {
    const auto thread = owned_thread(principal, tid);
    std::vector<int64_t> ids;
    for (const auto& name : users) {
        const auto user = backend_.users().fetch_by_name(name);
        if (!user) {
            throw Error(Errc::kNotFound, "There is no user called " + name + ".", "user_not_found");
        }
        ids.push_back(user->id);
    }
    if (thread.members.size() + ids.size() > kMaxMembers) {
        throw Error(Errc::kBadRequest, "A group has at most 50 members.", "too_many_members");
    }
    backend_.gdms().add_members(tid, ids);
    const auto after = backend_.gdms().fetch(tid);
    std::vector<std::string> added;
    for (const auto& name : after ? after->members : std::vector<std::string>{}) {
        if (!contains(thread.members, name)) {
            added.push_back(name);
        }
    }
    if (after) {
        refresh(after->members, json::object{{"tid", tid}});
    }
    return added;
}

void GdmService::remove_member(const Principal& principal, int64_t tid, const std::string& username) {
    const auto thread = visible_thread(principal, tid, true);
    if (thread.owner_id != principal.id && !principal.is_admin()) {
        forbidden("Only the group's owner or an administrator can remove members.");
    }
    require_toggle(settings::kRemoveUser);
    const auto user = member_user(thread, username);
    backend_.gdms().remove_member(tid, user.id, false);
    announce_gone(thread, user.username);
}

void GdmService::kick(const Principal& principal, int64_t tid, const std::string& username) {
    const auto thread = owned_thread(principal, tid);
    require_toggle(settings::kForceLeaveGroup);
    const auto user = member_user(thread, username);
    backend_.gdms().remove_member(tid, user.id, true);
    announce_gone(thread, user.username);
}

storage::ThreadRecord GdmService::transfer(const Principal& principal, int64_t tid, const std::string& new_owner) {
    auto thread = owned_thread(principal, tid);
    require_toggle(settings::kTransferOwnership);
    const auto user = backend_.users().fetch_by_name(new_owner);
    if (!user || !contains(thread.members, user->username)) {
        throw Error(Errc::kBadRequest, "The new owner must be a member of the group.", "not_a_member");
    }
    backend_.gdms().set_owner(tid, user->id);
    thread.owner_id = user->id;
    thread.owner = user->username;
    refresh(thread.members, json::object{{"tid", tid}});
    return thread;
}

void GdmService::leave(const Principal& principal, int64_t tid) {
    const auto thread = visible_thread(principal, tid);
    if (thread.owner_id == principal.id) {
        throw Error(Errc::kConflict, "Transfer the group to another member before leaving.", "owner_must_transfer");
    }
    backend_.gdms().remove_member(tid, principal.id, false);
    announce_gone(thread, principal.username);
}

void GdmService::announce_gone(const storage::ThreadRecord& thread, const std::string& username) {
    sink_.to_user(username, "gdm_threads_refresh", json::object{{"tid", thread.id}, {"removed", true}});
    auto rest = thread.members;
    std::erase(rest, username);
    refresh(rest, json::object{{"tid", thread.id}});
    for (const auto& listener : member_gone_) {
        listener(thread.id, username);
    }
}

void GdmService::set_locked(const Principal& principal, int64_t tid, bool locked) {
    settings::require_admin(principal);
    require_toggle(locked ? settings::kLockGroup : settings::kUnlockGroup);
    const auto thread = visible_thread(principal, tid, true);
    backend_.gdms().set_locked(tid, locked);
    refresh(thread.members, json::object{{"tid", tid}});
}

void GdmService::remove_thread(const Principal& principal, int64_t tid) {
    settings::require_admin(principal);
    require_toggle(settings::kDeleteGroup);
    const auto thread = visible_thread(principal, tid, true);
    if (!backend_.gdms().remove(tid)) {
        throw Error(Errc::kNotFound, "That group does not exist.", "thread_not_found");
    }
    refresh(thread.members, json::object{{"deleted", tid}});
    for (const auto& member : thread.members) {
        for (const auto& listener : member_gone_) {
            listener(tid, member);
        }
    }
}

}  // namespace chatter::gdm
