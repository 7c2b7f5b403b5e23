#include "storage/postgres/pg_doc_store.hpp"

#include <cstdint>

#include "core/time.hpp"
#include "storage/common/content_rows.hpp"

namespace chatter::storage::postgres {

namespace {

using common::kDocColumns;
using common::kRevisionColumns;

DocRevisionRecord revision_of(const Row& row) {
    return common::read_revision(row);
}

void write_snapshot(Tx& tx, int64_t doc_id, int64_t revision, const std::string& content) {
    tx.run(
        "INSERT INTO doc_snapshots (doc_id, revision, content) VALUES ($1, $2, $3) "
        "ON CONFLICT (doc_id) DO UPDATE SET revision = excluded.revision, content = excluded.content",
        doc_id,
        revision,
        content
    );
}

std::optional<DocRecord> doc_by_id(Tx& tx, int64_t id) {
    const auto row = tx.first(std::string(kDocColumns) + "WHERE d.id = $1", id);
    return row ? std::optional(common::read_doc(*row)) : std::nullopt;
}

}  // namespace

DocRecord PgDocStore::create(
    const std::string& name,
    const std::string& content,
    const std::string& initial_op,
    int64_t length,
    int64_t creator_id,
    const std::vector<NewDocMember>& members
) {
    return db_.write([&](Tx& tx) {
        const int64_t now = unix_now();
        const int64_t id = tx.scalar(
            "INSERT INTO docs (name, created_by, created_at, last_edited_by, last_edited_at, revision) "
            "VALUES ($1, $2, $3, $2, $3, 0) RETURNING id",
            name,
            creator_id,
            now
        );
        write_snapshot(tx, id, 0, content);
        tx.run(
            "INSERT INTO doc_revisions (doc_id, revision, user_id, op, length, created_at) "
            "VALUES ($1, 0, $2, $3, $4, $5)",
            id,
            creator_id,
            initial_op,
            length,
            now
        );
        for (const auto& member : members) {
            tx.run(
                "INSERT INTO doc_members (doc_id, user_id, role, added_at) VALUES ($1, $2, $3, $4)",
                id,
                member.user_id,
                member.role,
                now
            );
        }
        return *doc_by_id(tx, id);
    });
}

std::optional<DocRecord> PgDocStore::fetch(int64_t doc_id) {
    return db_.read([&](Tx& tx) { return doc_by_id(tx, doc_id); });
}

std::optional<std::string> PgDocStore::role_of(int64_t doc_id, int64_t user_id) {
    return db_.read([&](Tx& tx) -> std::optional<std::string> {
        const auto row = tx.first(
            "SELECT CASE WHEN d.created_by = $2 THEN 'creator' ELSE m.role END FROM docs d "
            "LEFT JOIN doc_members m ON m.doc_id = d.id AND m.user_id = $2 WHERE d.id = $1",
            doc_id,
            user_id
        );
        return row ? row->column_opt_text(0) : std::nullopt;
    });
}

std::vector<DocRecord> PgDocStore::docs_for(int64_t user_id) {
    return db_.read([&](Tx& tx) {
        return tx.rows(
            [](const Row& row) {
                auto doc = common::read_doc(row);
                doc.role = row.column_text(10);
                return doc;
            },
            "SELECT d.id, d.name, '', d.created_by, c.username, d.created_at, e.username, d.last_edited_at, "
            "d.revision, 0, CASE WHEN d.created_by = $1 THEN 'creator' ELSE m.role END FROM docs d "
            "JOIN users c ON c.id = d.created_by LEFT JOIN users e ON e.id = d.last_edited_by "
            "LEFT JOIN doc_members m ON m.doc_id = d.id AND m.user_id = $1 "
            "WHERE d.created_by = $1 OR m.user_id IS NOT NULL ORDER BY d.last_edited_at DESC, d.id DESC",
            user_id
        );
    });
}

std::vector<DocMemberRecord> PgDocStore::members(int64_t doc_id) {
    return db_.read([&](Tx& tx) {
        return tx.rows(
            [](const Row& row) { return common::read_doc_member(row); },
            "SELECT u.id, u.username, 'creator', d.created_at, 0 FROM docs d JOIN users u ON u.id = d.created_by "
            "WHERE d.id = $1 UNION ALL SELECT u.id, u.username, m.role, m.added_at, 1 FROM doc_members m "
            "JOIN users u ON u.id = m.user_id WHERE m.doc_id = $1 ORDER BY 5, 4, 2",
            doc_id
        );
    });
}

bool PgDocStore::add_member(int64_t doc_id, const NewDocMember& member) {
    return db_.write([&](Tx& tx) {
        return tx.run(
                   "INSERT INTO doc_members (doc_id, user_id, role, added_at) SELECT id, $1, $2, $3 "
                   "FROM docs WHERE id = $4 AND created_by <> $1 ON CONFLICT DO NOTHING",
                   member.user_id,
                   member.role,
                   unix_now(),
                   doc_id
               ) > 0;
    });
}

bool PgDocStore::set_member_role(int64_t doc_id, const NewDocMember& member) {
    return db_.write([&](Tx& tx) {
        return tx.run(
                   "UPDATE doc_members SET role = $1 WHERE doc_id = $2 AND user_id = $3",
                   member.role,
                   doc_id,
                   member.user_id
               ) > 0;
    });
}

bool PgDocStore::remove_member(int64_t doc_id, int64_t user_id) {
    return db_.write([&](Tx& tx) {
        return tx.run("DELETE FROM doc_members WHERE doc_id = $1 AND user_id = $2", doc_id, user_id) > 0;
    });
}

bool PgDocStore::remove(int64_t doc_id) {
    return db_.write([&](Tx& tx) { return tx.run("DELETE FROM docs WHERE id = $1", doc_id) > 0; });
}

bool PgDocStore::append_revision(
    int64_t doc_id,
    int64_t revision,
    int64_t user_id,
    const std::string& op,
    int64_t length,
    const std::string* snapshot
) {
    return db_.write([&](Tx& tx) {
        const int64_t now = unix_now();
        // Conditional on the head: a concurrent append of the same revision waits for this row's
        // lock, then finds the head moved and changes nothing.
        const bool moved = tx.run(
                               "UPDATE docs SET revision = $1, last_edited_by = $2, last_edited_at = $3 WHERE id = $4 "
                               "AND revision = $5",
                               revision,
                               user_id,
                               now,
                               doc_id,
                               revision - 1
                           ) > 0;
        if (!moved) {
            return false;
        }
        tx.run(
            "INSERT INTO doc_revisions (doc_id, revision, user_id, op, length, created_at) "
            "VALUES ($1, $2, $3, $4, $5, $6)",
            doc_id,
            revision,
            user_id,
            op,
            length,
            now
        );
        if (snapshot != nullptr) {
            write_snapshot(tx, doc_id, revision, *snapshot);
        }
        return true;
    });
}

std::vector<DocRevisionRecord> PgDocStore::revisions(int64_t doc_id, std::optional<int64_t> before, int limit) {
    return db_.read([&](Tx& tx) {
        return tx.rows(
            revision_of,
            std::string(kRevisionColumns) + "WHERE r.doc_id = $1 AND r.revision < $2 ORDER BY r.revision DESC LIMIT $3",
            doc_id,
            before.value_or(INT64_MAX),
            limit
        );
    });
}

std::vector<DocRevisionRecord> PgDocStore::ops(int64_t doc_id, int64_t first, int64_t last) {
    return db_.read([&](Tx& tx) {
        return tx.rows(
            revision_of,
            std::string(kRevisionColumns) + "WHERE r.doc_id = $1 AND r.revision BETWEEN $2 AND $3 ORDER BY r.revision",
            doc_id,
            first,
            last
        );
    });
}

}  // namespace chatter::storage::postgres
