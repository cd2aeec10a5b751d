#include "latency_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace products::bench {

LatencyStats::LatencyStats(std::vector<double> samples_ms) : sorted_(std::move(samples_ms)) {
  std::sort(sorted_.begin(), sorted_.end());
}

void LatencyStats::merge(const LatencyStats& other) {
  std::vector<double> merged;
  merged.reserve(sorted_.size() + other.sorted_.size());
  std::merge(sorted_.begin(), sorted_.end(), other.sorted_.begin(), other.sorted_.end(), std::back_inserter(merged));
  sorted_ = std::move(merged);
}

double LatencyStats::percentile(double p) const {
  if (sorted_.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted_.size())));
  return sorted_[std::clamp<std::size_t>(rank, 1, sorted_.size()) - 1];
}

double LatencyStats::mean() const {
  if (sorted_.empty()) return 0;
  return std::accumulate(sorted_.begin(), sorted_.end(), 0.0) / static_cast<double>(sorted_.size());
}

}  // namespace products::bench
