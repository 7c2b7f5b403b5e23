#include "http/request_context.hpp"

#include <boost/url/parse.hpp>

#include "core/error.hpp"
#include "core/json_fields.hpp"

namespace chatter::http {

RequestContext::RequestContext(const net::HttpRequest& request, net::PeerInfo peer, std::string request_id)
    : request_(request), peer_(std::move(peer)), request_id_(std::move(request_id)), client_ip_(peer_.ip) {
    auto parsed = boost::urls::parse_origin_form(request_.target());
    if (!parsed) {
        valid_target_ = false;
        return;
    }
    const auto& url = *parsed;
    path_ = url.path();
    for (auto segment : url.segments()) {
        segments_.push_back(segment);
    }
    for (auto param : url.params()) {
        query_.emplace_back(param.key, param.has_value ? param.value : std::string());
    }
}

const std::string& RequestContext::param(std::string_view name) const {
    for (const auto& [key, value] : params_) {
        if (key == name) {
            return value;
        }
    }
    throw Error(Errc::kNotFound, "Not found.");
}

int64_t RequestContext::id_param(std::string_view name) const {
    auto id = json_fields::parse_int(param(name));
    if (!id || *id <= 0) {
        throw Error(Errc::kNotFound, "Not found.");
    }
    return *id;
}

std::optional<std::string> RequestContext::query(std::string_view name) const {
    for (const auto& [key, value] : query_) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

std::string_view RequestContext::header(std::string_view name) const {
    auto it = request_.find(name);
    if (it == request_.end()) {
        return {};
    }
    return it->value();
}

std::optional<std::string> cookie_value(const net::HttpRequest& request, std::string_view name) {
    for (auto it = request.find(boost::beast::http::field::cookie);
         it != request.end() && it->name() == boost::beast::http::field::cookie;
         ++it) {
        std::string_view rest = it->value();
        while (!rest.empty()) {
            const size_t semi = rest.find(';');
            std::string_view pair = rest.substr(0, semi);
            rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
            while (!pair.empty() && pair.front() == ' ') {
                pair.remove_prefix(1);
            }
            const size_t eq = pair.find('=');
            if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
                return std::string(pair.substr(eq + 1));
            }
        }
    }
    return std::nullopt;
}

std::optional<std::string> RequestContext::cookie(std::string_view name) const {
    return cookie_value(request_, name);
}

const boost::json::object& RequestContext::json_body() {
    if (!body_) {
        if (request_.body().empty()) {
            throw Error(Errc::kBadRequest, "The request needs a JSON body.", "invalid_json");
        }
        body_ = json_fields::parse(request_.body());
    }
    return json_fields::as_object(*body_);
}

const Principal& RequestContext::require_user() const {
    if (!user_) {
        throw Error(Errc::kUnauthorized, "You need to sign in first.", "unauthorized");
    }
    return *user_;
}

}  // namespace chatter::http
