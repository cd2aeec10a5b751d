#pragma once

#include <string>
#include <vector>

#include <prometheus/histogram.h>

#include "adapters/metrics/latency_buckets.hpp"
#include "adapters/metrics/metric_cache.hpp"

namespace products::adapters::metrics {

// A MetricCache of latency histograms, every series with latency_buckets().
class HistogramCache : public MetricCache<prometheus::Histogram> {
 public:
  HistogramCache(prometheus::Family<prometheus::Histogram>& family, std::vector<std::string> names)
      : MetricCache(family, std::move(names),
                    [buckets = latency_buckets()](prometheus::Family<prometheus::Histogram>& f,
                                                  const prometheus::Labels& labels) -> prometheus::Histogram& {
                      return f.Add(labels, buckets);
                    }) {}
};

}  // namespace products::adapters::metrics
