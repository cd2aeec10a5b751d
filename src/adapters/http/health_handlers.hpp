#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/http/router.hpp"

namespace products::adapters::http {

// Names of the dependencies that are failing now; empty when all are fine. Called on an I/O
// thread, so it must answer from memory (the app probes in the background).
using ReadinessProbe = std::function<std::vector<std::string>()>;

// /healthz: the process is alive. /readyz: it should get traffic (dependencies reachable, not
// shutting down).
class HealthHandlers {
 public:
  static constexpr std::string_view kLiveness = "/healthz";
  static constexpr std::string_view kReadiness = "/readyz";

  explicit HealthHandlers(ReadinessProbe failing);

  void add_routes(Router& router);
  // From now on /readyz answers 503, so that load balancers drain this instance before it stops.
  void set_shutting_down() noexcept { shutting_down_.store(true); }

 private:
  Response readiness() const;

  ReadinessProbe failing_;
  std::atomic<bool> shutting_down_{false};
};

}  // namespace products::adapters::http
