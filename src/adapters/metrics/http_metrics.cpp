#include "adapters/metrics/http_metrics.hpp"

#include <string>

#include "adapters/metrics/seconds.hpp"

namespace products::adapters::metrics {

HttpMetrics::HttpMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("http_server_requests_total")
                    .Help("HTTP requests answered, by method, route template and status.")
                    .Register(registry),
                {"method", "route", "status"}),
      duration_(prometheus::BuildHistogram()
                    .Name("http_server_request_duration_seconds")
                    .Help("Time from an HTTP request read to its answer, by method and route template.")
                    .Register(registry),
                {"method", "route"}) {}

void HttpMetrics::answered(std::string_view method, std::string_view route, unsigned status,
                           std::chrono::nanoseconds took) {
  const auto code = std::to_string(status);
  requests_.at({method, route, code}).Increment();
  duration_.at({method, route}).Observe(seconds(took));
}

}  // namespace products::adapters::metrics
