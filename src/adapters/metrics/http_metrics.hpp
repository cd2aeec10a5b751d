#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "adapters/http/request_observer.hpp"
#include "adapters/metrics/histogram_cache.hpp"
#include "adapters/metrics/metric_cache.hpp"

namespace products::adapters::metrics {

// http_server_requests_total{method,route,status} and http_server_request_duration_seconds{method,route}.
class HttpMetrics final : public http::RequestObserver {
 public:
  explicit HttpMetrics(prometheus::Registry& registry);

  void answered(std::string_view method, std::string_view route, unsigned status,
                std::chrono::nanoseconds took) override;

 private:
  MetricCache<prometheus::Counter> requests_;
  HistogramCache duration_;
};

}  // namespace products::adapters::metrics
