#include "support/metrics_contract.hpp"

#include <sstream>
#include <vector>

#include "support/test_env.hpp"

namespace products::testing {

namespace {

// The `quoted` words of a table cell.
std::vector<std::string> quoted(const std::string& cell) {
  std::vector<std::string> words;
  for (auto open = cell.find('`'); open != std::string::npos; open = cell.find('`', open)) {
    const auto close = cell.find('`', open + 1);
    if (close == std::string::npos) break;
    words.push_back(cell.substr(open + 1, close - open - 1));
    open = close + 1;
  }
  return words;
}

}  // namespace

MetricsContract MetricsContract::from_repository() {
  return from_markdown(read_source_file("deploy/prometheus/METRICS.md"));
}

MetricsContract MetricsContract::from_markdown(const std::string& text) {
  MetricsContract contract;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("| `")) continue;
    std::vector<std::string> cells;
    std::istringstream row(line.substr(1));
    for (std::string cell; std::getline(row, cell, '|');) cells.push_back(cell);
    if (cells.size() < 3) continue;
    const auto names = quoted(cells[0]);
    const auto type = cells[1].substr(cells[1].find_first_not_of(' '));
    const auto labels = quoted(cells[2]);
    if (names.size() != 1) continue;
    contract.families_[names.front()] = {type.substr(0, type.find_first_of(" (")), {labels.begin(), labels.end()}};
  }
  return contract;
}

std::optional<std::set<std::string>> MetricsContract::series_labels(const std::string& series) const {
  if (const auto it = families_.find(series); it != families_.end()) {
    if (it->second.type == "histogram") return std::nullopt;
    return it->second.labels;
  }
  for (const std::string suffix : {"_bucket", "_sum", "_count"}) {
    if (series.size() <= suffix.size() || !series.ends_with(suffix)) continue;
    const auto it = families_.find(series.substr(0, series.size() - suffix.size()));
    if (it == families_.end() || it->second.type != "histogram") continue;
    auto labels = it->second.labels;
    if (suffix == "_bucket") labels.insert("le");
    return labels;
  }
  return std::nullopt;
}

}  // namespace products::testing
