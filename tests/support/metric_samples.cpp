#include "support/metric_samples.hpp"

#include <sstream>

namespace products::testing {

MetricSamples MetricSamples::parse(const std::string& text) {
  MetricSamples parsed;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() == '#') continue;
    const auto space = line.rfind(' ');
    if (space == std::string::npos) continue;
    parsed.samples_[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return parsed;
}

std::map<std::string, double> MetricSamples::matching(const std::string& name,
                                                      const std::vector<std::string>& labels) const {
  std::map<std::string, double> found;
  for (const auto& [series, value] : samples_) {
    const auto brace = series.find('{');
    if (series.substr(0, brace) != name) continue;
    bool matches = true;
    for (const auto& label : labels) matches = matches && series.find(label) != std::string::npos;
    if (matches) found.emplace(series, value);
  }
  return found;
}

double MetricSamples::sum(const std::string& name, const std::vector<std::string>& labels) const {
  double total = 0;
  for (const auto& [series, value] : matching(name, labels)) total += value;
  return total;
}

}  // namespace products::testing
