#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace products::testing {

// A PromQL expression as a dashboard or a rule writes it, read just far enough to check it against
// the metrics contract: which series it selects, with which label matchers, and which labels it
// groups by. Not a validating parser; Prometheus itself judges validity.
class PromqlExpression {
 public:
  // One vector selector: `metric{label op "value", ...}`.
  struct Selector {
    std::string metric;
    std::vector<std::string> labels;  // the names in its matchers
  };

  explicit PromqlExpression(std::string text);

  const std::string& text() const noexcept { return text_; }
  const std::vector<Selector>& selectors() const noexcept { return selectors_; }
  // Labels named in by/without/on/ignoring/group_left/group_right clauses.
  const std::set<std::string>& grouping_labels() const noexcept { return grouping_labels_; }
  // The Grafana variables it refers to ($name or ${name}), e.g. "job", "__rate_interval".
  const std::set<std::string>& variables() const noexcept { return variables_; }

  // The expression with every variable of `values` replaced by its value; others stay as written.
  PromqlExpression with(const std::map<std::string, std::string>& values) const;

 private:
  std::string text_;
  std::vector<Selector> selectors_;
  std::set<std::string> grouping_labels_;
  std::set<std::string> variables_;
};

}  // namespace products::testing
