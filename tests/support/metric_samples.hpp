#pragma once

#include <map>
#include <string>
#include <vector>

namespace products::testing {

// One scrape of a Prometheus text exposition: each series as written ("name{labels}") to its value.
class MetricSamples {
 public:
  static MetricSamples parse(const std::string& text);

  // The samples of `name` whose labels include every one of `labels` ("k=\"v\""), by series.
  std::map<std::string, double> matching(const std::string& name, const std::vector<std::string>& labels = {}) const;
  // The sum of those samples.
  double sum(const std::string& name, const std::vector<std::string>& labels = {}) const;

  const std::map<std::string, double>& all() const noexcept { return samples_; }

 private:
  std::map<std::string, double> samples_;
};

}  // namespace products::testing
