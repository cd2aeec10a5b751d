#pragma once

#include <cstddef>
#include <vector>

namespace products::bench {

// Latencies of one measured phase, in milliseconds. Percentiles are nearest-rank over every
// sample, so p99 needs at least 100 samples to mean anything (samples() says how many there were).
class LatencyStats {
 public:
  LatencyStats() = default;
  explicit LatencyStats(std::vector<double> samples_ms);

  void merge(const LatencyStats& other);
  std::size_t samples() const noexcept { return sorted_.size(); }
  double percentile(double p) const;  // 0 when there are no samples
  double p50() const { return percentile(50); }
  double p99() const { return percentile(99); }
  double mean() const;

 private:
  std::vector<double> sorted_;
};

}  // namespace products::bench
