#include "net/http_server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <stdexcept>

#include "net/http_session.hpp"

namespace chatter::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct HttpServer::Impl {
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
    std::unique_ptr<tcp::acceptor> acceptor;
    std::unique_ptr<asio::steady_timer> drain_timer;
    size_t next_context = 0;
    std::chrono::steady_clock::time_point stop_deadline;
};

HttpServer::HttpServer(ServerOptions options, Handler handler, RealtimeEndpoint* realtime)
    : options_(std::move(options)), handler_(std::move(handler)), realtime_(realtime), impl_(std::make_unique<Impl>()) {
    const int threads = options_.io_threads > 0 ? options_.io_threads : 1;
    for (int i = 0; i < threads; ++i) {
        // Each context is run by exactly one thread, so its handlers need no locking.
        impl_->contexts.push_back(std::make_unique<asio::io_context>(1));
        impl_->guards.push_back(asio::make_work_guard(*impl_->contexts.back()));
    }
}

HttpServer::~HttpServer() = default;

asio::io_context& HttpServer::context(size_t index) {
    return *impl_->contexts.at(index % impl_->contexts.size());
}

size_t HttpServer::context_count() const {
    return impl_->contexts.size();
}

uint16_t HttpServer::listen(const std::string& host, uint16_t port) {
    asio::io_context& ctx = *impl_->contexts.front();
    tcp::resolver resolver(ctx);
    const auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::passive);
    if (results.empty()) {
        throw std::runtime_error("cannot resolve listen address " + host);
    }
    const tcp::endpoint endpoint = results.begin()->endpoint();
    auto acceptor = std::make_unique<tcp::acceptor>(ctx);
    acceptor->open(endpoint.protocol());
    acceptor->set_option(asio::socket_base::reuse_address(true));
    if (endpoint.address().is_v6()) {
        // "::" should also take IPv4 clients (the compliance suites connect to 127.0.0.1).
        acceptor->set_option(asio::ip::v6_only(false));
    }
    acceptor->bind(endpoint);
    acceptor->listen(asio::socket_base::max_listen_connections);
    impl_->acceptor = std::move(acceptor);
    const uint16_t bound = impl_->acceptor->local_endpoint().port();

    struct Acceptor {
        static void accept(HttpServer* server) {
            Impl& impl = *server->impl_;
            asio::io_context& target = *impl.contexts[impl.next_context++ % impl.contexts.size()];
            impl.acceptor->async_accept(target, [server](boost::system::error_code ec, tcp::socket socket) {
                if (server->stopping()) {
                    return;
                }
                if (ec) {
                    // Out of descriptors and similar: keep accepting; the failed one is dropped.
                    spdlog::warn("accept failed: {}", ec.message());
                } else {
                    boost::system::error_code ignored;
                    socket.set_option(tcp::no_delay(true), ignored);
                    auto session = std::make_shared<HttpSession>(*server, std::move(socket));
                    server->register_session(session);
                    session->start();
                }
                accept(server);
            });
        }
    };
    Acceptor::accept(this);
    return bound;
}

void HttpServer::run() {
    std::vector<std::thread> threads;
    for (size_t i = 1; i < impl_->contexts.size(); ++i) {
        threads.emplace_back([ctx = impl_->contexts[i].get()] { ctx->run(); });
    }
    impl_->contexts.front()->run();
    for (auto& thread : threads) {
        thread.join();
    }
}

void HttpServer::stop() {
    if (stopping_.exchange(true)) {
        return;
    }
    asio::io_context& ctx = *impl_->contexts.front();
    asio::post(ctx, [this, &ctx] {
        if (impl_->acceptor) {
            boost::system::error_code ignored;
            impl_->acceptor->close(ignored);
        }
        std::vector<std::shared_ptr<HttpSession>> live;
        {
            std::lock_guard lock(sessions_mutex_);
            for (auto& [ptr, weak] : sessions_) {
                if (auto session = weak.lock()) {
                    live.push_back(std::move(session));
                }
            }
        }
        for (auto& session : live) {
            session->shutdown_when_idle();
        }
        impl_->stop_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options_.shutdown_grace_s);
        impl_->drain_timer = std::make_unique<asio::steady_timer>(ctx);
        struct Drain {
            static void wait(HttpServer* server) {
                server->impl_->drain_timer->expires_after(std::chrono::milliseconds(20));
                server->impl_->drain_timer->async_wait([server](boost::system::error_code ec) {
                    if (ec) {
                        return;
                    }
                    bool empty = false;
                    {
                        std::lock_guard lock(server->sessions_mutex_);
                        empty = server->sessions_.empty();
                    }
                    if (empty || std::chrono::steady_clock::now() >= server->impl_->stop_deadline) {
                        for (auto& guard : server->impl_->guards) {
                            guard.reset();
                        }
                        for (auto& context : server->impl_->contexts) {
                            context->stop();
                        }
                        return;
                    }
                    wait(server);
                });
            }
        };
        Drain::wait(this);
    });
}

void HttpServer::register_session(const std::shared_ptr<HttpSession>& session) {
    std::lock_guard lock(sessions_mutex_);
    sessions_.emplace(session.get(), session);
}

void HttpServer::unregister_session(HttpSession* session) {
    std::lock_guard lock(sessions_mutex_);
    sessions_.erase(session);
}

}  // namespace chatter::net
