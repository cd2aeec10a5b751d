#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "adapters/grpc/call_observer.hpp"
#include "adapters/metrics/histogram_cache.hpp"
#include "adapters/metrics/metric_cache.hpp"

namespace products::adapters::metrics {

// go-grpc-prometheus's server metrics, names and labels unchanged, so that dashboards made for
// the Go original keep working: grpc_server_started_total, grpc_server_handled_total and
// grpc_server_handling_seconds.
class GrpcMetrics final : public grpc::CallObserver {
 public:
  explicit GrpcMetrics(prometheus::Registry& registry);

  void started(std::string_view service, std::string_view method, std::string_view type) override;
  void handled(std::string_view service, std::string_view method, std::string_view type, std::string_view code,
               std::chrono::nanoseconds took) override;

 private:
  MetricCache<prometheus::Counter> started_;
  MetricCache<prometheus::Counter> handled_;
  HistogramCache handling_;
};

}  // namespace products::adapters::metrics
