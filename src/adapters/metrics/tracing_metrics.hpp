#pragma once

#include <prometheus/counter.h>
#include <prometheus/registry.h>

#include "adapters/telemetry/export_observer.hpp"

namespace products::adapters::metrics {

// otel_spans_dropped_total: finished spans the exporter could not keep.
class TracingMetrics final : public telemetry::ExportObserver {
 public:
  explicit TracingMetrics(prometheus::Registry& registry);

  void dropped(std::uint64_t spans) override { dropped_.Increment(static_cast<double>(spans)); }

 private:
  prometheus::Counter& dropped_;
};

}  // namespace products::adapters::metrics
