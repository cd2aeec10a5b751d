#pragma once

#include <string>

#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "adapters/metrics/histogram_cache.hpp"
#include "usecase/operation_observer.hpp"

namespace products::adapters::metrics {

// <system>_operation_duration_seconds{operation,outcome="ok"|"error"}: mongodb_..., redis_...
class OperationMetrics final : public usecase::OperationObserver {
 public:
  OperationMetrics(prometheus::Registry& registry, const std::string& system, const std::string& what);

  void completed(std::string_view operation, bool ok, std::chrono::nanoseconds took) override;

 private:
  HistogramCache duration_;
};

}  // namespace products::adapters::metrics
