#include "support/metric_samples.hpp"

#include <sstream>

namespace products::testing {

std::map<std::string, double> samples(const std::string& text) {
  std::map<std::string, double> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() == '#') continue;
    const auto space = line.rfind(' ');
    if (space == std::string::npos) continue;
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

double sum(const std::map<std::string, double>& all, const std::string& name, const std::vector<std::string>& labels) {
  double total = 0;
  for (const auto& [series, value] : all) {
    const auto brace = series.find('{');
    if (series.substr(0, brace) != name) continue;
    bool matches = true;
    for (const auto& label : labels) matches = matches && series.find(label) != std::string::npos;
    if (matches) total += value;
  }
  return total;
}

}  // namespace products::testing
