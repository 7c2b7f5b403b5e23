#include "cluster/cluster_relay.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include <stdexcept>

namespace chatter::cluster {

namespace json = boost::json;

namespace {

class Malformed : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

std::string text_field(const json::object& message, std::string_view key) {
    const json::value* value = message.if_contains(key);
    if (value == nullptr || !value->is_string()) {
        throw Malformed(std::string("field '").append(key).append("' is not a string"));
    }
    return std::string(value->get_string());
}

json::value data_of(const json::object& message) {
    const json::value* data = message.if_contains("data");
    return data == nullptr ? json::value(nullptr) : *data;
}

}  // namespace

ClusterRelay::ClusterRelay(EventSink& local, pubsub::Bus& bus, Post post)
    : local_(local), bus_(bus), post_(std::move(post)) {
    bus_.subscribe(kChannel, [this](std::string_view body) { receive(body); });
}

void ClusterRelay::publish(const json::object& message) {
    bus_.publish(kChannel, json::serialize(message));
}

void ClusterRelay::to_user(const std::string& username, const std::string& event, const json::value& payload) {
    local_.to_user(username, event, payload);
    publish(json::object{{"op", "user"}, {"to", username}, {"event", event}, {"data", payload}});
}

void ClusterRelay::to_room(const std::string& room, const std::string& event, const json::value& payload) {
    local_.to_room(room, event, payload);
    publish(json::object{{"op", "room"}, {"to", room}, {"event", event}, {"data", payload}});
}

void ClusterRelay::to_room_except(
    const std::string& room, const std::string& except_connection, const std::string& event, const json::value& payload
) {
    local_.to_room_except(room, except_connection, event, payload);
    publish(json::object{
        {"op", "room"}, {"to", room}, {"except", except_connection}, {"event", event}, {"data", payload}});
}

void ClusterRelay::to_all(const std::string& event, const json::value& payload) {
    local_.to_all(event, payload);
    publish(json::object{{"op", "all"}, {"event", event}, {"data", payload}});
}

void ClusterRelay::disconnect_user(const std::string& username) {
    local_.disconnect_user(username);
    publish(json::object{{"op", "disconnect"}, {"to", username}});
}

void ClusterRelay::on(const std::string& name, Handler handler) {
    signals_.on(name, std::move(handler));
}

void ClusterRelay::raise(const std::string& name, const json::value& data) {
    signals_.run(name, data);
    publish(json::object{{"op", "signal"}, {"name", name}, {"data", data}});
}

void ClusterRelay::receive(std::string_view body) {
    try {
        boost::system::error_code ec;
        json::value parsed = json::parse(body, ec);
        if (ec || !parsed.is_object()) {
            throw Malformed("not a JSON object");
        }
        const json::object& message = parsed.get_object();
        const std::string op = text_field(message, "op");
        if (op == "user") {
            local_.to_user(text_field(message, "to"), text_field(message, "event"), data_of(message));
        } else if (op == "room") {
            const auto room = text_field(message, "to");
            const auto event = text_field(message, "event");
            if (message.contains("except")) {
                local_.to_room_except(room, text_field(message, "except"), event, data_of(message));
            } else {
                local_.to_room(room, event, data_of(message));
            }
        } else if (op == "all") {
            local_.to_all(text_field(message, "event"), data_of(message));
        } else if (op == "disconnect") {
            local_.disconnect_user(text_field(message, "to"));
        } else if (op == "signal") {
            auto name = text_field(message, "name");
            post_([this, name = std::move(name), data = data_of(message)] {
                try {
                    if (!signals_.run(name, data)) {
                        spdlog::debug("cluster: no handler for signal {}", name);
                    }
                } catch (const std::exception& error) {
                    spdlog::warn("cluster: signal {} from another node failed: {}", name, error.what());
                }
            });
        } else {
            throw Malformed("unknown op '" + op + "'");
        }
    } catch (const Malformed& error) {
        spdlog::warn("cluster: dropped a malformed message from the bus ({}; {} bytes)", error.what(), body.size());
    }
}

}  // namespace chatter::cluster
