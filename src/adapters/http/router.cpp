#include "adapters/http/router.hpp"

#include <algorithm>
#include <chrono>
#include <memory>

#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include "adapters/http/responses.hpp"
#include "adapters/telemetry/active_context.hpp"
#include "adapters/telemetry/w3c_trace_context.hpp"

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

std::vector<Router::RouteName> Router::routes() const {
  std::vector<RouteName> names;
  for (const auto& route : routes_) names.emplace_back(route.method, route.pattern);
  return names;
}

Reply Router::finishing(const Request& request, Reply reply) const {
  const bool head = request.method() == beast_http::verb::head;
  if (!head && !cors_.enabled()) return reply;
  auto inner = std::make_shared<Reply>(std::move(reply));
  return Reply([inner, head, cors = &cors_, origin = std::string(request[beast_http::field::origin])](Response&& response) {
    cors->decorate(origin, response);
    if (head) strip_body(response);
    (*inner)(std::move(response));
  });
}

void Router::dispatch(const Request& request, Reply plain) const {
  Reply reply = finishing(request, std::move(plain));
  const auto target = request.target();
  const auto path = target.substr(0, target.find('?'));
  const bool traced = tracer_ && std::find(untraced_.begin(), untraced_.end(), path) == untraced_.end();
  if (!observer_ && !traced) {
    answer(request, std::move(reply), nullptr);
    return;
  }
  struct Observed {
    Reply reply;
    std::string_view method;
    std::string_view route = RequestObserver::kUnmatched;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    telemetry::Span span;
  };
  // The verb's own name, not the request's spelling of it: an unknown method is "<unknown>".
  const auto method = beast_http::to_string(request.method());
  auto state = std::make_shared<Observed>(Observed{std::move(reply), method, RequestObserver::kUnmatched,
                                                   std::chrono::steady_clock::now(),
                                                   traced ? server_span(request, method, path) : telemetry::Span()});
  Reply observed([state, observer = observer_](Response&& response) {
    const auto status = response.result_int();
    if (observer) observer->answered(state->method, state->route, status, std::chrono::steady_clock::now() - state->started);
    if (state->span.recording()) {
      // OpenTelemetry's HTTP server span: named by the route template, failed only on a 5xx.
      if (state->route != RequestObserver::kUnmatched) {
        state->span.rename(fmt::format("{} {}", state->method, state->route));
        state->span.set_attribute("http.route", std::string(state->route));
      }
      state->span.set_attribute("http.response.status_code", static_cast<std::int64_t>(status));
      if (status >= 500) state->span.set_status(telemetry::SpanStatus::Error);
      state->span.end();
    }
    state->reply(std::move(response));
  });
  const telemetry::ActiveContext::Scope scope(state->span.context());
  answer(request, std::move(observed), &state->route);
}

telemetry::Span Router::server_span(const Request& request, std::string_view method, std::string_view path) const {
  const auto parent = telemetry::W3cTraceContext::parse(request["traceparent"], request["tracestate"]);
  auto span = tracer_->start_span(std::string(method), telemetry::SpanKind::Server, parent);
  if (!span.recording()) return span;
  span.set_attribute("http.request.method", std::string(method));
  span.set_attribute("url.path", std::string(path));
  span.set_attribute("network.protocol.version", std::string(request.version() == 11 ? "1.1" : "1.0"));
  if (const auto agent = request[beast_http::field::user_agent]; !agent.empty()) {
    span.set_attribute("user_agent.original", std::string(agent));
  }
  return span;
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
    // HEAD is answered by the GET route.
    const auto method = request.method() == beast_http::verb::head ? beast_http::verb::get : request.method();
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
      if (route.method == method && score > best_score) {
        best = &route;
        best_score = score;
        params = std::move(candidate);
      }
    }

    if (route && (best || nearest)) *route = (best ? best : nearest)->pattern;
    if (best) {
      best->handler(request, params, reply);
      return;
    }
    if (allowed.empty()) {
      reply(error_response(beast_http::status::not_found, "no such route"));
      return;
    }
    if (std::find(allowed.begin(), allowed.end(), beast_http::verb::get) != allowed.end()) {
      allowed.push_back(beast_http::verb::head);
    }
    allowed.push_back(beast_http::verb::options);
    std::string allow;
    for (const auto allowed_method : allowed) {
      if (!allow.empty()) allow += ", ";
      allow += beast_http::to_string(allowed_method);
    }
    if (method == beast_http::verb::options) {
      reply(cors_.preflight(request, allow));
    } else {
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
