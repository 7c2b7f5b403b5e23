#include "features/realtime/event_registry.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "core/error.hpp"
#include "net/worker_pool.hpp"
#include "socketio/socket.hpp"

namespace chatter::realtime {

namespace json = boost::json;

namespace {

json::object error_body(const Error& error) {
    json::object body{{"ok", false}, {"error", error.message()}, {"code", error.code()}};
    for (const auto& field : error.extra_fields) {
        body.emplace(field.key(), field.value());
    }
    if (error.retry_after_s) {
        body["retry_after"] = *error.retry_after_s;  // seconds, as HTTP's Retry-After
    }
    return body;
}

// Runs one event on a worker and answers it: the only Error → Socket.IO mapping.
json::object run_handler(
    const EventRegistry::Handler& handler,
    const std::string& event,
    socketio::Socket& socket,
    const json::value& payload
) {
    try {
        const auto* principal = std::any_cast<Principal>(&socket.data);
        if (principal == nullptr) {
            throw Error(Errc::kUnauthorized, "You need to sign in first.", "unauthorized");
        }
        EventContext context{*principal, payload, socket};
        json::object result = handler(context);
        if (result.contains("ok")) {
            return result;
        }
        json::object with_ok{{"ok", true}};
        for (auto& entry : result) {
            with_ok.emplace(entry.key(), std::move(entry.value()));
        }
        return with_ok;
    } catch (const Error& error) {
        if (error.errc() == Errc::kInternal) {
            spdlog::error("socket event {}: {}", event, error.message());
        }
        return error_body(error);
    } catch (const std::exception& unexpected) {
        spdlog::error("socket event {} failed: {}", event, unexpected.what());
        return error_body(Error(Errc::kInternal, "Something went wrong on the server."));
    }
}

}  // namespace

void EventRegistry::add(const std::string& event, Handler handler) {
    if (!handlers_.emplace(event, std::move(handler)).second) {
        throw std::invalid_argument("duplicate socket event " + event);
    }
}

void EventRegistry::on_disconnect(DisconnectHandler handler) {
    disconnect_handlers_.push_back(std::move(handler));
}

void EventRegistry::attach(const std::shared_ptr<socketio::Socket>& socket) const {
    if (!disconnect_handlers_.empty()) {
        // The socket owns this handler and only calls it from its own on_close, so the raw
        // pointer cannot dangle (a shared_ptr would be a cycle).
        socket->on_disconnect([raw = socket.get(), handlers = &disconnect_handlers_](const std::string&) {
            for (const auto& handler : *handlers) {
                handler(*raw);
            }
        });
    }
    // One dispatcher per socket over the table every socket shares: a copy of each handler per
    // socket (dozens of events) would be most of an idle connection's memory.
    std::weak_ptr<socketio::Socket> weak = socket;
    socket->on_other([registry = this,
                      weak](const std::string& event, const json::array& args, std::optional<socketio::Ack> ack) {
        const auto found = registry->handlers_.find(event);
        if (found == registry->handlers_.end()) {
            return;  // as in Node: an event nobody listens to is dropped
        }
        // The table is complete before serving and never changes, so its entries outlive this.
        const std::string* name = &found->first;
        const Handler* handler = &found->second;
        auto payload = std::make_shared<json::value>(args.empty() ? json::value(nullptr) : args.front());
        registry->workers_.post([weak, name, handler, payload, ack = std::move(ack)] {
            auto socket = weak.lock();
            if (!socket || !socket->connected()) {
                return;
            }
            json::object result = run_handler(*handler, *name, *socket, *payload);
            if (ack) {
                (*ack)(json::array{result});
            } else if (!result.at("ok").as_bool()) {
                result["event"] = *name;
                socket->emit("error", json::array{result});
            }
        });
    });
}

}  // namespace chatter::realtime
