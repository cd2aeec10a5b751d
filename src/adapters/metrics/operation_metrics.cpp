#include "adapters/metrics/operation_metrics.hpp"

#include "adapters/metrics/seconds.hpp"

namespace products::adapters::metrics {

OperationMetrics::OperationMetrics(prometheus::Registry& registry, const std::string& system, const std::string& what)
    : duration_(prometheus::BuildHistogram()
                    .Name(system + "_operation_duration_seconds")
                    .Help("Time of one " + what + " command, by operation and outcome.")
                    .Register(registry),
                {"operation", "outcome"}) {}

void OperationMetrics::completed(std::string_view operation, bool ok, std::chrono::nanoseconds took) {
  duration_.at({operation, ok ? "ok" : "error"}).Observe(seconds(took));
}

}  // namespace products::adapters::metrics
