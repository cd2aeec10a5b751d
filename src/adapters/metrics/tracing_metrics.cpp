#include "adapters/metrics/tracing_metrics.hpp"

namespace products::adapters::metrics {

TracingMetrics::TracingMetrics(prometheus::Registry& registry)
    : dropped_(prometheus::BuildCounter()
                   .Name("otel_spans_dropped_total")
                   .Help("Finished spans the exporter dropped: its queue was full, or shutdown ran out of time.")
                   .Register(registry)
                   .Add({})) {}

}  // namespace products::adapters::metrics
