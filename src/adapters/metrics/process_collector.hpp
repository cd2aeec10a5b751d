#pragma once

#include <string>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

namespace products::adapters::metrics {

// The standard process_* metrics of Prometheus's client libraries, read from /proc at each
// scrape (prometheus-cpp has no process collector): process_cpu_seconds_total,
// process_resident_memory_bytes, process_virtual_memory_bytes, process_open_fds,
// process_max_fds and process_start_time_seconds. A file that cannot be read leaves its metrics
// out of that scrape rather than failing it.
class ProcessCollector final : public prometheus::Collectable {
 public:
  // `proc` is where procfs is mounted; tests point it at a fake tree.
  explicit ProcessCollector(std::string proc = "/proc");

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  std::string proc_;
  long ticks_per_second_;
  long page_bytes_;
};

}  // namespace products::adapters::metrics
