#include "storage/sqlite/sqlite_database.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

namespace chatter::storage::sqlite {

namespace {

Error closed_error() {
    return Error(Errc::kUnavailable, "The database is closed.", "unavailable");
}

// Stores translate the SQLite errors they expect (a taken username) into domain errors; one that
// reaches the writer untranslated is a server fault, and its SQLite text belongs in the log.
void log_unexpected(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const SqliteError& e) {
        spdlog::error("sqlite: write job failed: {}", e.detail());
    } catch (...) {
    }
}

}  // namespace

std::filesystem::path database_file(const std::filesystem::path& data_dir) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) {
        spdlog::error("sqlite: cannot create data directory {}: {}", data_dir.string(), ec.message());
        throw Error(Errc::kInternal, "The data directory cannot be created.", "internal");
    }
    return data_dir / "chatter.db";
}

std::unique_ptr<Database> Database::open(const std::filesystem::path& data_dir, int reader_count) {
    return std::make_unique<Database>(database_file(data_dir), reader_count);
}

Database::Database(const std::filesystem::path& file, int reader_count) : writer_(std::make_unique<Connection>(file)) {
    // Readers open after the writer has switched the file to WAL, so the -shm index already exists.
    for (int i = 0; i < std::max(1, reader_count); ++i) {
        idle_readers_.push_back(std::make_unique<Connection>(file, ConnectionOptions{.read_only = true}));
    }
    writer_thread_ = std::thread([this] { writer_loop(); });
    writer_id_ = writer_thread_.get_id();
}

Database::~Database() {
    try {
        close();
    } catch (const std::exception& e) {
        spdlog::error("sqlite: close failed: {}", e.what());
    }
}

void Database::enqueue(std::unique_ptr<detail::WriteJob> job) {
    if (std::this_thread::get_id() == writer_id_) {
        // The job would wait for a commit that only this thread can perform.
        throw std::logic_error("Database::write called from inside a write job");
    }
    {
        std::lock_guard lock(queue_mutex_);
        if (stopping_) {
            throw closed_error();
        }
        queue_.push_back(std::move(job));
    }
    queue_cv_.notify_one();
}

void Database::writer_loop() {
    for (;;) {
        std::vector<std::unique_ptr<detail::WriteJob>> batch;
        {
            std::unique_lock lock(queue_mutex_);
            queue_cv_.wait(lock, [this] { return !queue_.empty() || stopping_; });
            if (queue_.empty()) {
                return;  // stopping, and everything queued has been written
            }
            batch.swap(queue_);
        }
        run_batch(batch);
    }
}

std::exception_ptr Database::abandon_batch() {
    if (!writer_->in_autocommit()) {
        try {
            writer_->exec("ROLLBACK");
        } catch (const std::exception& e) {
            spdlog::error("sqlite: rollback failed: {}", e.what());
        }
    }
    return std::make_exception_ptr(Error(Errc::kInternal, "The change could not be saved.", "internal"));
}

void Database::run_batch(std::vector<std::unique_ptr<detail::WriteJob>>& batch) {
    std::exception_ptr batch_error;
    try {
        writer_->exec("BEGIN IMMEDIATE");
        for (auto& job : batch) {
            writer_->exec("SAVEPOINT job");
            job->run(*writer_);
            if (!job->error()) {
                writer_->exec("RELEASE job");
                continue;
            }
            log_unexpected(job->error());
            if (writer_->in_autocommit()) {
                // Some errors (disk full, I/O) make SQLite roll back the whole transaction, taking
                // the earlier jobs' changes with it.
                throw std::runtime_error("SQLite rolled back the batch transaction");
            }
            writer_->exec("ROLLBACK TO job; RELEASE job");
        }
        writer_->exec("COMMIT");
    } catch (const SqliteError& e) {
        spdlog::error("sqlite: write batch of {} job(s) failed: {}", batch.size(), e.detail());
        batch_error = abandon_batch();
    } catch (const std::exception& e) {
        spdlog::error("sqlite: write batch of {} job(s) failed: {}", batch.size(), e.what());
        batch_error = abandon_batch();
    }
    {
        std::lock_guard lock(queue_mutex_);
        if (!batch_error) {
            ++stats_.commits;
            stats_.jobs += static_cast<int64_t>(batch.size());
        }
    }
    for (auto& job : batch) {
        if (batch_error) {
            job->fail(batch_error);
        } else {
            job->complete();
        }
    }
}

Database::ReaderLease::ReaderLease(Database& db) : db_(db) {
    std::unique_lock lock(db_.readers_mutex_);
    db_.readers_cv_.wait(lock, [this] { return db_.closed_ || !db_.idle_readers_.empty(); });
    if (db_.closed_) {
        throw closed_error();
    }
    conn_ = std::move(db_.idle_readers_.back());
    db_.idle_readers_.pop_back();
    ++db_.readers_out_;
}

Database::ReaderLease::~ReaderLease() {
    {
        std::lock_guard lock(db_.readers_mutex_);
        db_.idle_readers_.push_back(std::move(conn_));
        --db_.readers_out_;
    }
    db_.readers_cv_.notify_all();
}

void Database::close() {
    std::lock_guard close_lock(close_mutex_);
    if (!writer_) {
        return;
    }
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_cv_.notify_all();
    if (writer_thread_.joinable()) {
        writer_thread_.join();
    }
    {
        std::unique_lock lock(readers_mutex_);
        closed_ = true;
        readers_cv_.notify_all();
        readers_cv_.wait(lock, [this] { return readers_out_ == 0; });
        idle_readers_.clear();
    }
    try {
        writer_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const std::exception& e) {
        spdlog::error("sqlite: final checkpoint failed: {}", e.what());
    }
    writer_.reset();
}

WriteStats Database::stats() const {
    std::lock_guard lock(queue_mutex_);
    return stats_;
}

std::size_t Database::queued() const {
    std::lock_guard lock(queue_mutex_);
    return queue_.size();
}

}  // namespace chatter::storage::sqlite
