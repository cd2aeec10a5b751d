#include "support/grafana_dashboard.hpp"

#include <stdexcept>

#include <boost/json.hpp>

#include "support/test_env.hpp"

namespace products::testing {

namespace json = boost::json;

namespace {

std::string string_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

const json::array& array_at(const json::object& object, std::string_view key) {
  static const json::array empty;
  const auto* value = object.if_contains(key);
  return value && value->is_array() ? value->get_array() : empty;
}

void collect_panels(const json::array& panels, std::vector<const json::object*>& out) {
  for (const auto& panel : panels) {
    if (!panel.is_object()) continue;
    out.push_back(&panel.get_object());
    collect_panels(array_at(panel.get_object(), "panels"), out);
  }
}

// The text of a variable's query: a string, or (as newer Grafana writes it) an object with one.
std::string variable_query(const json::object& variable) {
  const auto* query = variable.if_contains("query");
  if (query && query->is_object()) return string_at(query->get_object(), "query");
  return string_at(variable, "query");
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

}  // namespace

GrafanaDashboard::GrafanaDashboard(const std::string& text) {
  boost::system::error_code error;
  auto value = json::parse(text, error);
  if (error || !value.is_object()) throw std::invalid_argument("not a JSON object: " + error.message());
  document_ = std::move(value.get_object());
}

GrafanaDashboard GrafanaDashboard::from_repository() {
  return GrafanaDashboard(read_source_file("deploy/grafana/dashboards/products-service.json"));
}

std::vector<const json::object*> GrafanaDashboard::panels() const {
  std::vector<const json::object*> out;
  collect_panels(array_at(document_, "panels"), out);
  return out;
}

std::vector<GrafanaDashboard::Query> GrafanaDashboard::queries() const {
  std::vector<Query> out;
  for (const auto* panel : panels()) {
    for (const auto& target : array_at(*panel, "targets")) {
      if (!target.is_object()) continue;
      out.push_back({string_at(*panel, "title"), string_at(target.get_object(), "refId"),
                     PromqlExpression(string_at(target.get_object(), "expr"))});
    }
  }
  return out;
}

std::vector<GrafanaDashboard::Variable> GrafanaDashboard::variables() const {
  static constexpr std::string_view kLabelValues = "label_values(";
  std::vector<Variable> out;
  const auto* templating = document_.if_contains("templating");
  if (!templating || !templating->is_object()) return out;
  for (const auto& entry : array_at(templating->get_object(), "list")) {
    if (!entry.is_object()) continue;
    Variable variable{string_at(entry.get_object(), "name"), variable_query(entry.get_object()), {}, {}};
    const auto& query = variable.query;
    if (query.starts_with(kLabelValues) && query.ends_with(")")) {
      const auto arguments = query.substr(kLabelValues.size(), query.size() - kLabelValues.size() - 1);
      const auto comma = arguments.rfind(',');
      variable.label = trimmed(comma == std::string::npos ? arguments : arguments.substr(comma + 1));
      if (comma != std::string::npos) variable.match = trimmed(arguments.substr(0, comma));
    }
    out.push_back(std::move(variable));
  }
  return out;
}

}  // namespace products::testing
