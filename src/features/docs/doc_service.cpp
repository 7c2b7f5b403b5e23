#include "features/docs/doc_service.hpp"

#include <boost/json.hpp>

#include <set>

#include "core/error.hpp"
#include "core/time.hpp"

namespace chatter::docs {

namespace json = boost::json;

namespace {

Error doc_not_found() {
    return Error(Errc::kNotFound, "Document not found.", "doc_not_found");
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string validate_name(const std::string& name) {
    auto clean = trimmed(name);
    const auto length = from_utf8(clean).size();
    bool control = false;
    for (unsigned char c : clean) {
        control = control || c < 0x20 || c == 0x7F;
    }
    if (length == 0 || length > kMaxNameChars || control) {
        throw Error(Errc::kBadRequest, "A document name is 1–100 characters.", "invalid_name");
    }
    return clean;
}

}  // namespace

void validate_role(const std::string& role) {
    if (role != "viewer" && role != "editor") {
        throw Error(Errc::kBadRequest, "A role is \"viewer\" or \"editor\".", "invalid_role");
    }
}

std::string room_of(int64_t doc_id) {
    return "doc:" + std::to_string(doc_id);
}

void check_content_size(size_t bytes) {
    if (bytes > kMaxContentBytes) {
        throw Error(Errc::kPayloadTooLarge, "A document holds at most 1 MiB of text.", "content_too_large");
    }
}

json::object doc_json(const storage::DocRecord& doc) {
    json::object out{
        {"id", doc.id},
        {"name", doc.name},
        {"created_by", doc.created_by},
        {"created_at", format_iso(doc.created_at)},
        {"last_edited_by", doc.last_edited_by ? json::value(*doc.last_edited_by) : json::value(nullptr)},
        {"last_edited_at", format_iso(doc.last_edited_at)},
    };
    if (!doc.role.empty()) {
        out["role"] = doc.role;
    }
    return out;
}

json::object member_json(const storage::DocMemberRecord& member) {
    return json::object{
        {"username", member.username}, {"role", member.role}, {"added_at", format_iso(member.added_at)}};
}

std::string DocService::require_role(const Principal& principal, int64_t doc_id) {
    auto role = backend_.docs().role_of(doc_id, principal.id);
    if (!role) {
        throw doc_not_found();
    }
    return *role;
}

void DocService::require_editor(const Principal& principal, int64_t doc_id) {
    if (require_role(principal, doc_id) == "viewer") {
        throw Error(Errc::kForbidden, "Viewers cannot edit this document.", "forbidden");
    }
}

void DocService::require_creator(const Principal& principal, int64_t doc_id) {
    if (require_role(principal, doc_id) != "creator") {
        throw Error(Errc::kForbidden, "Only the document's creator can do this.", "forbidden");
    }
}

storage::UserRecord DocService::existing_user(const std::string& username) {
    auto user = backend_.users().fetch_by_name(username);
    if (!user) {
        throw Error(Errc::kNotFound, "No user named '" + username + "'.", "user_not_found");
    }
    return *user;
}

storage::DocRecord DocService::create(
    const Principal& principal,
    const std::string& name,
    const std::string& content,
    const std::vector<MemberSpec>& members
) {
    const auto clean_name = validate_name(name);
    check_content_size(content.size());
    const auto text = from_utf8(content);
    std::vector<storage::NewDocMember> rows;
    std::set<int64_t> seen{principal.id};
    for (const auto& member : members) {
        validate_role(member.role);
        const auto user = existing_user(member.username);
        if (!seen.insert(user.id).second) {
            throw Error(
                Errc::kBadRequest, "'" + member.username + "' is listed twice or is the creator.", "invalid_members"
            );
        }
        rows.push_back({user.id, member.role});
    }
    TextOp initial;
    initial.insert(text);
    auto doc = backend_.docs().create(
        clean_name, content, json::serialize(op_to_json(initial)), static_cast<int64_t>(text.size()), principal.id, rows
    );
    for (const auto& member : members) {
        sink_.to_user(
            member.username,
            "doc_member_added",
            json::object{{"doc_id", doc.id}, {"username", member.username}, {"role", member.role}}
        );
    }
    return doc;
}

std::vector<storage::DocRecord> DocService::list(const Principal& principal) {
    return backend_.docs().docs_for(principal.id);
}

std::vector<storage::DocMemberRecord> DocService::members(const Principal& principal, int64_t doc_id) {
    require_role(principal, doc_id);
    return backend_.docs().members(doc_id);
}

void DocService::announce_member(
    const std::string& event, int64_t doc_id, const std::string& username, const std::string& role
) {
    json::object payload{{"doc_id", doc_id}, {"username", username}};
    if (!role.empty()) {
        payload["role"] = role;
    }
    sink_.to_room(room_of(doc_id), event, payload);
    sink_.to_user(username, event, payload);
}

storage::DocMemberRecord DocService::add_member(
    const Principal& principal, int64_t doc_id, const std::string& username, const std::string& role
) {
    require_creator(principal, doc_id);
    validate_role(role);
    const auto user = existing_user(username);
    if (!backend_.docs().add_member(doc_id, {user.id, role})) {
        throw Error(Errc::kConflict, "'" + user.username + "' is already a member.", "already_member");
    }
    announce_member("doc_member_added", doc_id, user.username, role);
    return storage::DocMemberRecord{
        .user_id = user.id, .username = user.username, .role = role, .added_at = unix_now()};
}

void DocService::remove_member(const Principal& principal, int64_t doc_id, const std::string& username) {
    require_creator(principal, doc_id);
    const auto user = existing_user(username);
    if (user.id == principal.id) {
        throw Error(Errc::kBadRequest, "The creator's role cannot change.", "creator_role_fixed");
    }
    if (!backend_.docs().remove_member(doc_id, user.id)) {
        throw Error(Errc::kNotFound, "'" + user.username + "' is not a member.", "member_not_found");
    }
    if (access_lost_) {
        access_lost_(doc_id, user.username);
    }
    announce_member("doc_member_removed", doc_id, user.username, "");
}

storage::DocMemberRecord DocService::update_member_role(
    const Principal& principal, int64_t doc_id, const std::string& username, const std::string& role
) {
    require_creator(principal, doc_id);
    validate_role(role);
    const auto user = existing_user(username);
    if (user.id == principal.id) {
        throw Error(Errc::kBadRequest, "The creator's role cannot change.", "creator_role_fixed");
    }
    if (!backend_.docs().set_member_role(doc_id, {user.id, role})) {
        throw Error(Errc::kNotFound, "'" + user.username + "' is not a member.", "member_not_found");
    }
    announce_member("doc_member_role_updated", doc_id, user.username, role);
    for (const auto& member : backend_.docs().members(doc_id)) {
        if (member.user_id == user.id) {
            return member;
        }
    }
    throw Error(Errc::kNotFound, "'" + user.username + "' is not a member.", "member_not_found");
}

void DocService::remove(const Principal& principal, int64_t doc_id) {
    require_creator(principal, doc_id);
    const auto members = backend_.docs().members(doc_id);
    {
        // Under the document's lock, so no edit commits after the delete.
        auto doc = state(doc_id);
        std::lock_guard lock(doc->mutex);
        backend_.docs().remove(doc_id);
        doc->deleted = true;
    }
    {
        std::lock_guard lock(states_mutex_);
        states_.erase(doc_id);
    }
    const json::object payload{{"doc_id", doc_id}};
    sink_.to_room(room_of(doc_id), "doc_deleted", payload);
    for (const auto& member : members) {
        sink_.to_user(member.username, "doc_deleted", payload);
    }
    if (access_lost_) {
        access_lost_(doc_id, "");
    }
}

}  // namespace chatter::docs
