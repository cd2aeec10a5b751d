#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "support/promql_expression.hpp"

namespace products::testing {

// A Grafana dashboard as exported JSON: its panels (rows' nested panels included), the PromQL of
// every panel target, and its template variables.
class GrafanaDashboard {
 public:
  struct Query {
    std::string panel;   // the panel's title
    std::string ref_id;  // the target's refId
    PromqlExpression expr;
  };

  // A query variable of the form label_values(match, label) or label_values(label).
  struct Variable {
    std::string name;
    std::string query;
    std::string match;  // a series selector, "" when the query names none
    std::string label;  // "" when the query is not label_values(…)
  };

  // std::invalid_argument when the text is not a JSON object.
  explicit GrafanaDashboard(const std::string& json);
  // deploy/grafana/dashboards/products-service.json of this source tree.
  static GrafanaDashboard from_repository();

  const boost::json::object& document() const noexcept { return document_; }
  // Every panel, the rows and the panels inside them; they point into document().
  std::vector<const boost::json::object*> panels() const;
  // The expr of every target of every panel, in panel order.
  std::vector<Query> queries() const;
  std::vector<Variable> variables() const;

 private:
  boost::json::object document_;
};

}  // namespace products::testing
