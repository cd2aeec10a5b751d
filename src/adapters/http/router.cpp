#include "adapters/http/router.hpp"

#include <algorithm>
#include <chrono>
#include <memory>

#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>

#include "adapters/http/responses.hpp"

namespace products::adapters::http {

namespace beast_http = boost::beast::http;

namespace {

std::vector<std::string> split_pattern(std::string_view pattern) {
  std::vector<std::string> segments;
  if (pattern == "/") return segments;
  pattern.remove_prefix(1);
  while (true) {
    const auto slash = pattern.find('/');
    segments.emplace_back(pattern.substr(0, slash));
    if (slash == std::string_view::npos) return segments;
    pattern.remove_prefix(slash + 1);
  }
}

bool is_placeholder(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::add(beast_http::verb method, std::string_view pattern, RouteHandler handler) {
  routes_.push_back(Route{method, std::string(pattern), split_pattern(pattern), std::move(handler)});
}

int Router::match(const Route& route, const std::vector<std::string>& path, PathParams& params) {
  if (route.segments.size() != path.size()) return -1;
  int literals = 0;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (is_placeholder(route.segments[i])) continue;
    if (route.segments[i] != path[i]) return -1;
    ++literals;
  }
  for (std::size_t i = 0; i < path.size(); ++i) {
    const auto& segment = route.segments[i];
    if (is_placeholder(segment)) params[segment.substr(1, segment.size() - 2)] = path[i];
  }
  return literals;
}

void Router::dispatch(const Request& request, Reply reply) const {
  if (!observer_) {
    answer(request, std::move(reply), nullptr);
    return;
  }
  struct Observed {
    Reply reply;
    std::string_view method;
    std::string_view route = RequestObserver::kUnmatched;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  };
  // The verb's own name, not the request's spelling of it: an unknown method is "<unknown>".
  auto state = std::make_shared<Observed>(Observed{std::move(reply), beast_http::to_string(request.method())});
  Reply observed([state, observer = observer_](Response&& response) {
    observer->answered(state->method, state->route, response.result_int(),
                       std::chrono::steady_clock::now() - state->started);
    state->reply(std::move(response));
  });
  answer(request, std::move(observed), &state->route);
}

void Router::answer(const Request& request, Reply reply, std::string_view* route) const {
  try {
    const auto target = boost::urls::parse_origin_form(request.target());
    if (!target) {
      reply(error_response(beast_http::status::bad_request, "malformed request target"));
      return;
    }
    const auto segments = target->segments();
    const std::vector<std::string> path(segments.begin(), segments.end());

    const Route* best = nullptr;
    int best_score = -1;
    // The most literal route for the path whatever its method, which names a 405's route.
    const Route* nearest = nullptr;
    int nearest_score = -1;
    PathParams params;
    std::vector<beast_http::verb> allowed;
    for (const auto& route : routes_) {
      PathParams candidate;
      const int score = match(route, path, candidate);
      if (score < 0) continue;
      if (score > nearest_score) {
        nearest = &route;
        nearest_score = score;
      }
      if (std::find(allowed.begin(), allowed.end(), route.method) == allowed.end()) {
        allowed.push_back(route.method);
      }
      if (route.method == request.method() && score > best_score) {
        best = &route;
        best_score = score;
        params = std::move(candidate);
      }
    }

    if (route && (best || nearest)) *route = (best ? best : nearest)->pattern;
    if (best) {
      best->handler(request, params, reply);
    } else if (allowed.empty()) {
      reply(error_response(beast_http::status::not_found, "no such route"));
    } else {
      std::string allow;
      for (const auto method : allowed) {
        if (!allow.empty()) allow += ", ";
        allow += beast_http::to_string(method);
      }
      auto response = error_response(beast_http::status::method_not_allowed,
                                     "method not allowed; allowed: " + allow);
      response.set(beast_http::field::allow, allow);
      reply(std::move(response));
    }
  } catch (...) {
    reply(error_response(std::current_exception()));
  }
}

}  // namespace products::adapters::http
