#pragma once

#include <prometheus/histogram.h>

namespace products::adapters::metrics {

// Seconds, from half a millisecond (a cached GET, a Redis command) to ten seconds (a request that
// ran into its deadline). Shared by every latency histogram so that dashboards can compare them.
prometheus::Histogram::BucketBoundaries latency_buckets();

}  // namespace products::adapters::metrics
