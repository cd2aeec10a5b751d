#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "adapters/http/http_message.hpp"

namespace products::adapters::http {

// Cross-origin access by browsers, per the Fetch standard: which origins may call the API, the
// answer to a preflight, and the headers an allowed origin's actual responses carry. No origin is
// allowed by default, so that a page elsewhere cannot read the API through a visitor's browser;
// `*` allows every origin. Credentials are never allowed (the API has none).
class CorsPolicy {
 public:
  // Preflights are cached by browsers this long (Chromium caps it at two hours).
  static constexpr int kMaxAgeSeconds = 600;

  CorsPolicy() = default;
  // Origins as browsers send them (`https://shop.example:8443`, no path), or `*`.
  explicit CorsPolicy(std::vector<std::string> allowed_origins);

  bool enabled() const noexcept { return !allowed_.empty(); }
  // What Access-Control-Allow-Origin says to `origin`: `*`, the origin itself, or empty when it
  // may not read the answer.
  std::string_view allow_origin(std::string_view origin) const;

  // Adds the actual response's CORS headers when `origin` is allowed.
  void decorate(std::string_view origin, Response& response) const;
  // A preflight's answer on a route that takes `allow` (the Allow header's value): 204 with Allow,
  // and the CORS headers when the request's origin is allowed. A refused origin gets no CORS
  // headers, which is how the browser learns that the actual request may not be sent.
  Response preflight(const Request& request, const std::string& allow) const;

 private:
  std::vector<std::string> allowed_;
  bool any_ = false;
};

}  // namespace products::adapters::http
