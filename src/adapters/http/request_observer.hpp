#pragma once

#include <chrono>
#include <string_view>

namespace products::adapters::http {

// What the router tells the outside about each request it answered (metrics live elsewhere).
// Called on whichever thread answered, so implementations must be thread-safe. `route` is the
// matched route's template, or "unmatched": never the raw path, so that its values are bounded.
class RequestObserver {
 public:
  static constexpr std::string_view kUnmatched = "unmatched";

  virtual ~RequestObserver() = default;
  virtual void answered(std::string_view method, std::string_view route, unsigned status,
                        std::chrono::nanoseconds took) = 0;
};

}  // namespace products::adapters::http
