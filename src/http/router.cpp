#include "http/router.hpp"

#include <stdexcept>

namespace chatter::http {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    if (!path.empty() && path.front() == '/') {
        path.remove_prefix(1);
    }
    if (!path.empty() && path.back() == '/') {
        path.remove_suffix(1);
    }
    if (path.empty()) {
        return out;
    }
    size_t start = 0;
    while (true) {
        const size_t slash = path.find('/', start);
        out.emplace_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    return out;
}

void Router::add_route(boost::beast::http::verb method, std::string pattern, RouteHandler handler, Access access) {
    for (const auto& route : routes_) {
        if (route.method == method && route.pattern == pattern) {
            throw std::invalid_argument("duplicate route " + pattern);
        }
    }
    Route route{method, {}, split_path(pattern), std::move(handler), 0, access};
    route.pattern = std::move(pattern);
    for (const auto& segment : route.segments) {
        if (!segment.empty() && segment.front() == ':') {
            ++route.param_count;
        }
    }
    routes_.push_back(std::move(route));
}

namespace {

bool segments_match(const Route& route, const std::vector<std::string>& segments, PathParams* params) {
    if (route.segments.size() != segments.size()) {
        return false;
    }
    for (size_t i = 0; i < segments.size(); ++i) {
        const std::string& pattern = route.segments[i];
        if (!pattern.empty() && pattern.front() == ':') {
            if (segments[i].empty()) {
                return false;
            }
            if (params != nullptr) {
                params->emplace_back(pattern.substr(1), segments[i]);
            }
        } else if (pattern != segments[i]) {
            return false;
        }
    }
    return true;
}

}  // namespace

RouteMatch Router::match(boost::beast::http::verb method, const std::vector<std::string>& segments) const {
    RouteMatch result;
    const Route* best = nullptr;
    for (const auto& route : routes_) {
        if (!segments_match(route, segments, nullptr)) {
            continue;
        }
        result.allowed.push_back(route.method);
        if (route.method != method) {
            result.path_exists = true;
            continue;
        }
        if (best == nullptr || route.param_count < best->param_count) {
            best = &route;
        }
    }
    if (best != nullptr) {
        result.route = best;
        segments_match(*best, segments, &result.params);
    }
    return result;
}

}  // namespace chatter::http
