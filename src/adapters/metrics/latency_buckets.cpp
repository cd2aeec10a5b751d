#include "adapters/metrics/latency_buckets.hpp"

namespace products::adapters::metrics {

prometheus::Histogram::BucketBoundaries latency_buckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

}  // namespace products::adapters::metrics
