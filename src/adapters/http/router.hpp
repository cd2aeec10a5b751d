#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http/verb.hpp>

#include "adapters/http/cors_policy.hpp"
#include "adapters/http/handler.hpp"
#include "adapters/http/request_observer.hpp"
#include "adapters/telemetry/tracer.hpp"

namespace products::adapters::http {

// Values of a route's `{name}` segments, percent-decoded.
using PathParams = std::map<std::string, std::string, std::less<>>;

// Maps method and path to a handler. Patterns are absolute paths whose segments are literals or
// `{name}` placeholders; a literal beats a placeholder, so /products/search is not a product id.
// No route for the path: 404. A route for the path but not the method: 405 with `Allow`.
// Every path also answers HEAD where it answers GET (the GET's headers without its body) and
// OPTIONS (204 with `Allow`, a CORS preflight's answer when it is one).
class Router {
 public:
  // A route's method and pattern, e.g. GET /api/v1/products/{id}.
  using RouteName = std::pair<boost::beast::http::verb, std::string>;

  // Answers through the reply at once, or moves it away to answer later. What it throws while it
  // still holds the reply becomes the error response (domain::Error mapped by kind).
  using RouteHandler = std::function<void(const Request&, const PathParams&, Reply&)>;

  void add(boost::beast::http::verb method, std::string_view pattern, RouteHandler handler);
  // Every answer is reported to `observer` (which must outlive the router) from now on; set it
  // before serving.
  void observe(RequestObserver* observer) noexcept { observer_ = observer; }
  // Every request gets a server span from `tracer` (which must outlive the router), the child of
  // the client's `traceparent` when it sent a valid one; the handler runs with it active, so that
  // what it calls and publishes joins the trace. Requests for `untraced` paths (probes, polled every
  // few seconds by orchestrators) get none: they would bury the traces worth reading. Set it
  // before serving.
  void trace(const telemetry::Tracer* tracer, std::vector<std::string> untraced = {}) {
    tracer_ = tracer;
    untraced_ = std::move(untraced);
  }
  // Browsers on the policy's origins may call every route from now on; set it before serving.
  void allow_cors(CorsPolicy policy) { cors_ = std::move(policy); }

  // The routes added, in order (not the implied HEAD and OPTIONS).
  std::vector<RouteName> routes() const;

  // Never throws: what a handler throws becomes an error response.
  void dispatch(const Request& request, Reply reply) const;

 private:
  struct Route {
    boost::beast::http::verb method;
    std::string pattern;
    std::vector<std::string> segments;
    RouteHandler handler;
  };

  // How well `route` matches `path` (higher is more literal), or -1; fills `params` on a match.
  static int match(const Route& route, const std::vector<std::string>& path, PathParams& params);

  telemetry::Span server_span(const Request& request, std::string_view method, std::string_view path) const;
  // `reply`, or a reply that first gives the answer what every answer to `request` needs: the
  // CORS headers, and no body for HEAD.
  Reply finishing(const Request& request, Reply reply) const;
  // Finds the route and runs it; names the matched route's template in `route`, if given.
  void answer(const Request& request, Reply reply, std::string_view* route) const;

  std::vector<Route> routes_;
  RequestObserver* observer_ = nullptr;
  const telemetry::Tracer* tracer_ = nullptr;
  std::vector<std::string> untraced_;
  CorsPolicy cors_;
};

}  // namespace products::adapters::http
