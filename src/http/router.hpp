#pragma once
// Method + path-pattern routing. Patterns are `/`-separated; a segment `:name` captures one
// percent-decoded path segment. A static segment beats a parameter (`/api/users/search` wins over
// `/api/users/:username`).

#include <boost/beast/http/verb.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http_types.hpp"

namespace chatter::http {

class RequestContext;

using RouteHandler = std::function<net::HttpResponse(RequestContext&)>;
using PathParams = std::vector<std::pair<std::string, std::string>>;

/// Who may call a route. Checked by HttpApp before the handler runs, so a request without a
/// session gets 401 whatever its input, instead of an answer about a body it may not send.
enum class Access {
    kSignedIn,  // the default: a session or an API token
    kPublic,    // sign-in itself, public status, downloads by unguessable id
};

struct Route {
    boost::beast::http::verb method;
    std::string pattern;
    std::vector<std::string> segments;  // ":name" for parameters
    RouteHandler handler;
    int param_count = 0;
    Access access = Access::kSignedIn;
};

struct RouteMatch {
    const Route* route = nullptr;  // null: no route for this method
    PathParams params;
    bool path_exists = false;                       // some route has this path with another method (→ 405)
    std::vector<boost::beast::http::verb> allowed;  // methods that have a route for this path
};

class Router {
  public:
    /// Registers a route for signed-in callers. Throws std::invalid_argument on a duplicate method
    /// and pattern.
    void add(boost::beast::http::verb method, std::string pattern, RouteHandler handler) {
        add_route(method, std::move(pattern), std::move(handler), Access::kSignedIn);
    }
    /// Same, for a route anyone may call (the handler decides what an anonymous caller gets).
    void add_public(boost::beast::http::verb method, std::string pattern, RouteHandler handler) {
        add_route(method, std::move(pattern), std::move(handler), Access::kPublic);
    }

    /// Finds the route for decoded path segments.
    RouteMatch match(boost::beast::http::verb method, const std::vector<std::string>& segments) const;

    const std::vector<Route>& routes() const { return routes_; }

  private:
    void add_route(boost::beast::http::verb method, std::string pattern, RouteHandler handler, Access access);

    std::vector<Route> routes_;
};

/// Splits a pattern or path into segments ("/a/b/" → {"a", "b"}; empty segments kept in the middle).
std::vector<std::string> split_path(std::string_view path);

}  // namespace chatter::http
