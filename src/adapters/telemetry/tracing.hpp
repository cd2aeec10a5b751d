#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "adapters/telemetry/batch_exporter.hpp"
#include "adapters/telemetry/tracer.hpp"

namespace products::adapters::telemetry {

struct TracingOptions {
  std::string endpoint;  // OTLP/HTTP base URL (tracing.endpoint); empty: tracing off
  double sample_ratio = 1.0;  // tracing.sample_ratio, for roots; children follow their parent
  std::string service_name = "products-service";
  std::string service_version;
  BatchOptions batch;
  ExportObserver* observer = nullptr;  // hears of dropped spans; must outlive the Tracing
};

// What the service holds for tracing: the exporter (when an endpoint is set) and the Tracer
// that feeds it. With no endpoint nothing is exported and no thread runs; spans still carry
// trace contexts through, so the service stays one hop of its callers' traces.
class Tracing {
 public:
  explicit Tracing(TracingOptions options);

  const Tracer& tracer() const noexcept { return tracer_; }
  bool enabled() const noexcept { return exporter_ != nullptr; }
  // For otel_spans_dropped_total.
  std::uint64_t spans_dropped() const noexcept { return exporter_ ? exporter_->dropped() : 0; }
  // Flushes queued spans by `deadline` (at the service's shutdown, after the last request).
  void shutdown(domain::Deadline deadline);

 private:
  std::unique_ptr<BatchExporter> exporter_;
  Tracer tracer_;
};

}  // namespace products::adapters::telemetry
