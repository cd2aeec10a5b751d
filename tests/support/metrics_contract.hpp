#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

namespace products::testing {

// The metrics the service promises (deploy/prometheus/METRICS.md): every family with its type and
// labels, read from the tables of that file.
class MetricsContract {
 public:
  struct Family {
    std::string type;  // counter, gauge, histogram, ...
    std::set<std::string> labels;
  };

  // The contract in deploy/prometheus/METRICS.md of this source tree.
  static MetricsContract from_repository();
  // Table rows "| `name` | type | `label`, `label` | meaning |"; other lines are ignored.
  static MetricsContract from_markdown(const std::string& text);

  const std::map<std::string, Family>& families() const noexcept { return families_; }

  // The labels of a series name as Prometheus stores it, or nullopt when the contract has no such
  // series. A histogram `h` is stored as `h_bucket` (with `le`), `h_sum` and `h_count`, never as `h`.
  std::optional<std::set<std::string>> series_labels(const std::string& series) const;

 private:
  std::map<std::string, Family> families_;
};

}  // namespace products::testing
