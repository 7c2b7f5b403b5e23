#include "storage/sqlite/sqlite_doc_store.hpp"

#include "core/time.hpp"
#include "storage/common/content_rows.hpp"

namespace chatter::storage::sqlite {

namespace {

using common::kDocColumns;
using common::kRevisionColumns;
using common::read_doc;
using common::read_revision;

void write_snapshot(Connection& conn, int64_t doc_id, int64_t revision, const std::string& content) {
    conn.prepare("INSERT OR REPLACE INTO doc_snapshots (doc_id, revision, content) VALUES (?, ?, ?)")
        .bind(1, doc_id)
        .bind(2, revision)
        .bind(3, content)
        .run();
}

std::optional<DocRecord> doc_by_id(Connection& conn, int64_t id) {
    auto stmt = conn.prepare(std::string(kDocColumns) + "WHERE d.id = ?");
    stmt.bind(1, id);
    if (!stmt.step()) {
        return std::nullopt;
    }
    return read_doc(stmt);
}

}  // namespace

DocRecord SqliteDocStore::create(
    const std::string& name,
    const std::string& content,
    const std::string& initial_op,
    int64_t length,
    int64_t creator_id,
    const std::vector<NewDocMember>& members
) {
    return db_.write([&](Connection& conn) {
        const int64_t now = unix_now();
        conn.prepare(
                "INSERT INTO docs (name, created_by, created_at, last_edited_by, last_edited_at, revision) "
                "VALUES (?, ?, ?, ?, ?, 0)"
        )
            .bind(1, name)
            .bind(2, creator_id)
            .bind(3, now)
            .bind(4, creator_id)
            .bind(5, now)
            .run();
        const int64_t id = conn.last_insert_rowid();
        write_snapshot(conn, id, 0, content);
        conn.prepare(
                "INSERT INTO doc_revisions (doc_id, revision, user_id, op, length, created_at) VALUES (?, 0, ?, ?, ?, "
                "?)"
        )
            .bind(1, id)
            .bind(2, creator_id)
            .bind(3, initial_op)
            .bind(4, length)
            .bind(5, now)
            .run();
        for (const auto& member : members) {
            conn.prepare("INSERT INTO doc_members (doc_id, user_id, role, added_at) VALUES (?, ?, ?, ?)")
                .bind(1, id)
                .bind(2, member.user_id)
                .bind(3, member.role)
                .bind(4, now)
                .run();
        }
        return *doc_by_id(conn, id);
    });
}

std::optional<DocRecord> SqliteDocStore::fetch(int64_t doc_id) {
    return db_.read([&](Connection& conn) { return doc_by_id(conn, doc_id); });
}

std::optional<std::string> SqliteDocStore::role_of(int64_t doc_id, int64_t user_id) {
    return db_.read([&](Connection& conn) -> std::optional<std::string> {
        auto stmt = conn.prepare(
            "SELECT CASE WHEN d.created_by = ?2 THEN 'creator' ELSE m.role END FROM docs d "
            "LEFT JOIN doc_members m ON m.doc_id = d.id AND m.user_id = ?2 WHERE d.id = ?1"
        );
        stmt.bind(1, doc_id).bind(2, user_id);
        if (!stmt.step()) {
            return std::nullopt;
        }
        return stmt.column_opt_text(0);
    });
}

std::vector<DocRecord> SqliteDocStore::docs_for(int64_t user_id) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            "SELECT d.id, d.name, '', d.created_by, c.username, d.created_at, e.username, d.last_edited_at, "
            "d.revision, 0, CASE WHEN d.created_by = ?1 THEN 'creator' ELSE m.role END FROM docs d "
            "JOIN users c ON c.id = d.created_by LEFT JOIN users e ON e.id = d.last_edited_by "
            "LEFT JOIN doc_members m ON m.doc_id = d.id AND m.user_id = ?1 "
            "WHERE d.created_by = ?1 OR m.user_id IS NOT NULL ORDER BY d.last_edited_at DESC, d.id DESC"
        );
        stmt.bind(1, user_id);
        std::vector<DocRecord> docs;
        while (stmt.step()) {
            auto doc = read_doc(stmt);
            doc.role = stmt.column_text(10);
            docs.push_back(std::move(doc));
        }
        return docs;
    });
}

std::vector<DocMemberRecord> SqliteDocStore::members(int64_t doc_id) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            "SELECT u.id, u.username, 'creator', d.created_at, 0 FROM docs d JOIN users u ON u.id = d.created_by "
            "WHERE d.id = ?1 UNION ALL SELECT u.id, u.username, m.role, m.added_at, 1 FROM doc_members m "
            "JOIN users u ON u.id = m.user_id WHERE m.doc_id = ?1 ORDER BY 5, 4, 2"
        );
        stmt.bind(1, doc_id);
        std::vector<DocMemberRecord> members;
        while (stmt.step()) {
            members.push_back(common::read_doc_member(stmt));
        }
        return members;
    });
}

bool SqliteDocStore::add_member(int64_t doc_id, const NewDocMember& member) {
    return db_.write([&](Connection& conn) {
        return conn.prepare(
                       "INSERT OR IGNORE INTO doc_members (doc_id, user_id, role, added_at) SELECT id, ?, ?, ? "
                       "FROM docs WHERE id = ? AND created_by <> ?"
               )
                   .bind(1, member.user_id)
                   .bind(2, member.role)
                   .bind(3, unix_now())
                   .bind(4, doc_id)
                   .bind(5, member.user_id)
                   .run() > 0;
    });
}

bool SqliteDocStore::set_member_role(int64_t doc_id, const NewDocMember& member) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("UPDATE doc_members SET role = ? WHERE doc_id = ? AND user_id = ?")
                   .bind(1, member.role)
                   .bind(2, doc_id)
                   .bind(3, member.user_id)
                   .run() > 0;
    });
}

bool SqliteDocStore::remove_member(int64_t doc_id, int64_t user_id) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM doc_members WHERE doc_id = ? AND user_id = ?")
                   .bind(1, doc_id)
                   .bind(2, user_id)
                   .run() > 0;
    });
}

bool SqliteDocStore::remove(int64_t doc_id) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM docs WHERE id = ?").bind(1, doc_id).run() > 0;
    });
}

bool SqliteDocStore::append_revision(
    int64_t doc_id,
    int64_t revision,
    int64_t user_id,
    const std::string& op,
    int64_t length,
    const std::string* snapshot
) {
    return db_.write([&](Connection& conn) {
        const int64_t now = unix_now();
        const bool moved = conn.prepare(
                                   "UPDATE docs SET revision = ?, last_edited_by = ?, last_edited_at = ? "
                                   "WHERE id = ? AND revision = ?"
                           )
                               .bind(1, revision)
                               .bind(2, user_id)
                               .bind(3, now)
                               .bind(4, doc_id)
                               .bind(5, revision - 1)
                               .run() > 0;
        if (!moved) {
            return false;
        }
        conn.prepare(
                "INSERT INTO doc_revisions (doc_id, revision, user_id, op, length, created_at) VALUES (?, ?, ?, ?, ?, "
                "?)"
        )
            .bind(1, doc_id)
            .bind(2, revision)
            .bind(3, user_id)
            .bind(4, op)
            .bind(5, length)
            .bind(6, now)
            .run();
        if (snapshot != nullptr) {
            write_snapshot(conn, doc_id, revision, *snapshot);
        }
        return true;
    });
}

std::vector<DocRevisionRecord> SqliteDocStore::revisions(int64_t doc_id, std::optional<int64_t> before, int limit) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            std::string(kRevisionColumns) + "WHERE r.doc_id = ? AND r.revision < ? ORDER BY r.revision DESC LIMIT ?"
        );
        stmt.bind(1, doc_id).bind(2, before.value_or(INT64_MAX)).bind(3, limit);
        std::vector<DocRevisionRecord> out;
        while (stmt.step()) {
            out.push_back(read_revision(stmt));
        }
        return out;
    });
}

std::vector<DocRevisionRecord> SqliteDocStore::ops(int64_t doc_id, int64_t first, int64_t last) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            std::string(kRevisionColumns) + "WHERE r.doc_id = ? AND r.revision BETWEEN ? AND ? ORDER BY r.revision"
        );
        stmt.bind(1, doc_id).bind(2, first).bind(3, last);
        std::vector<DocRevisionRecord> out;
        while (stmt.step()) {
            out.push_back(read_revision(stmt));
        }
        return out;
    });
}

}  // namespace chatter::storage::sqlite
