#include "adapters/http/cors_policy.hpp"

#include <algorithm>

#include <boost/beast/http/field.hpp>

namespace products::adapters::http {

namespace beast_http = boost::beast::http;
using beast_http::field;

namespace {

// Every request header the API reads besides the CORS-safelisted ones.
constexpr std::string_view kAllowedHeaders = "Content-Type, Idempotency-Key, traceparent, tracestate";
// Response headers a script may read besides the safelisted ones.
constexpr std::string_view kExposedHeaders = "Location, Retry-After, Allow";

}  // namespace

CorsPolicy::CorsPolicy(std::vector<std::string> allowed_origins)
    : allowed_(std::move(allowed_origins)),
      any_(std::find(allowed_.begin(), allowed_.end(), "*") != allowed_.end()) {}

std::string_view CorsPolicy::allow_origin(std::string_view origin) const {
  if (origin.empty()) return {};
  if (any_) return "*";
  return std::find(allowed_.begin(), allowed_.end(), origin) != allowed_.end() ? origin : std::string_view{};
}

void CorsPolicy::decorate(std::string_view origin, Response& response) const {
  if (!enabled()) return;
  // Caches must not hand one origin's answer to another.
  response.set(field::vary, "Origin");
  const auto allowed = allow_origin(origin);
  if (allowed.empty()) return;
  response.set(field::access_control_allow_origin, allowed);
  response.set(field::access_control_expose_headers, kExposedHeaders);
}

Response CorsPolicy::preflight(const Request& request, const std::string& allow) const {
  Response response{beast_http::status::no_content, request.version()};
  response.set(field::allow, allow);
  const auto origin = request[field::origin];
  decorate(origin, response);
  if (!allow_origin(origin).empty() && !request[field::access_control_request_method].empty()) {
    response.set(field::access_control_allow_methods, allow);
    response.set(field::access_control_allow_headers, kAllowedHeaders);
    response.set(field::access_control_max_age, std::to_string(kMaxAgeSeconds));
  }
  response.prepare_payload();
  return response;
}

}  // namespace products::adapters::http
