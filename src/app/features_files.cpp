#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>
#include <set>
#include <stop_token>
#include <thread>

#include "app/features.hpp"
#include "features/commands/builtin_commands.hpp"
#include "features/files/file_routes.hpp"
#include "features/files/file_service.hpp"
#include "features/files/url_import.hpp"

namespace chatter::app {

namespace {

constexpr auto kSweepInterval = std::chrono::seconds(60);
// Stored bytes without a row this old are a crash's leftovers (FileService::remove_orphans).
constexpr auto kOrphanAge = std::chrono::hours(1);

files::FilesOptions files_options(const Config& config) {
    return files::FilesOptions{
        .data_dir = config.data_dir,
        .max_upload_bytes = config.max_upload_bytes,
        .max_expiry_s = config.max_expiry_s,
        .min_expiry_s = config.min_expiry_s,
        .default_expiry_s = std::clamp<int64_t>(86400, config.min_expiry_s, config.max_expiry_s),
        .user_quota_bytes = config.user_quota_bytes,
    };
}

class FilesArea final : public FeatureArea {
  public:
    explicit FilesArea(FeatureContext& context)
        : files_(context.backend, files_options(context.config)),
          importer_(files::FetchOptions{
              .allow_hosts = std::set<std::string>(
                  context.config.fetch_allow_hosts.begin(), context.config.fetch_allow_hosts.end()
              ),
          }) {
        files::register_file_routes(context.router, files_, &importer_);
        if (context.commands != nullptr) {
            commands::register_file_commands(*context.commands, files_, &importer_);
        }
        context.files = &files_;
        // Expired files are invisible at once (every read filters on expires_at); the sweeper
        // only reclaims their bytes and rows.
        sweeper_ = std::jthread([this](const std::stop_token& stop) { sweep_until(stop); });
    }

    ~FilesArea() override {
        sweeper_.request_stop();
        sweeper_.join();
    }

  private:
    void sweep_until(const std::stop_token& stop) {
        try {
            if (const int removed = files_.remove_orphans(kOrphanAge); removed > 0) {
                spdlog::info("files: removed {} stored file(s) that no upload refers to", removed);
            }
        } catch (const std::exception& error) {
            spdlog::warn("files: orphan scan failed: {}", error.what());
        }
        std::mutex mutex;
        std::condition_variable_any wake;
        while (!stop.stop_requested()) {
            try {
                if (const int removed = files_.sweep(); removed > 0) {
                    spdlog::info("files: swept {} expired file(s)", removed);
                }
            } catch (const std::exception& error) {
                spdlog::warn("files: sweep failed: {}", error.what());
            }
            std::unique_lock lock(mutex);
            wake.wait_for(lock, stop, kSweepInterval, [] { return false; });
        }
    }

    files::FileService files_;
    files::UrlImporter importer_;
    std::jthread sweeper_;
};

}  // namespace

std::unique_ptr<FeatureArea> make_files_area(FeatureContext& context) {
    return std::make_unique<FilesArea>(context);
}

}  // namespace chatter::app
