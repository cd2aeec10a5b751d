#include "adapters/metrics/http_metrics.hpp"

#include <string>

#include "adapters/metrics/latency_buckets.hpp"
#include "adapters/metrics/seconds.hpp"

namespace products::adapters::metrics {

HttpMetrics::HttpMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("http_server_requests_total")
                    .Help("HTTP requests answered, by method, route template and status.")
                    .Register(registry)),
      duration_(prometheus::BuildHistogram()
                    .Name("http_server_request_duration_seconds")
                    .Help("Time from an HTTP request read to its answer, by method and route template.")
                    .Register(registry)) {}

void HttpMetrics::answered(std::string_view method, std::string_view route, unsigned status,
                           std::chrono::nanoseconds took) {
  const std::string m(method), r(route);
  requests_.Add({{"method", m}, {"route", r}, {"status", std::to_string(status)}}).Increment();
  duration_.Add({{"method", m}, {"route", r}}, latency_buckets()).Observe(seconds(took));
}

}  // namespace products::adapters::metrics
