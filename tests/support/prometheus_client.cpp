#include "support/prometheus_client.hpp"

#include <boost/json.hpp>

#include "support/product_fixtures.hpp"

namespace products::testing {

namespace json = boost::json;

namespace {

// The body of an API answer, {"status": "success"|"error", "data": …, "errorType": …, "error": …},
// or an error message.
json::object api_answer(const HttpResult& result, std::string& error) {
  if (result.status == 0) {
    error = "no answer: " + result.error;
    return {};
  }
  boost::system::error_code parse_error;
  auto body = json::parse(result.body, parse_error);
  if (parse_error || !body.is_object()) {
    error = "HTTP " + std::to_string(result.status) + ", not JSON: " + result.body;
    return {};
  }
  auto& answer = body.get_object();
  const auto* status = answer.if_contains("status");
  if (!status || !status->is_string() || status->get_string() != "success") {
    const auto* type = answer.if_contains("errorType");
    const auto* message = answer.if_contains("error");
    error = (type && type->is_string() ? std::string(type->get_string()) : "error") + ": " +
            (message && message->is_string() ? std::string(message->get_string()) : result.body);
    return {};
  }
  return std::move(answer);
}

}  // namespace

PrometheusClient::PrometheusClient(const std::string& url) : url_(url), http_(HttpClient::for_url(url)) {}

bool PrometheusClient::ready() const { return http_.get("/-/ready").status == 200; }

PrometheusClient::QueryResult PrometheusClient::query(const std::string& promql) const {
  QueryResult out;
  const auto answer = api_answer(http_.get("/api/v1/query?query=" + query_encode(promql)), out.error);
  if (!out.error.empty()) return out;
  const auto& data = answer.at("data").as_object();
  const auto& result = data.at("result");
  const auto& type = data.at("resultType").as_string();
  if (type == "vector" || type == "matrix") {
    out.series = result.as_array();
  } else {
    out.series.push_back(json::object{{"value", result}});  // a scalar or a string: one value
  }
  out.ok = true;
  return out;
}

std::optional<double> PrometheusClient::value(const std::string& promql) const {
  const auto result = query(promql);
  if (!result.ok || result.series.size() != 1) return std::nullopt;
  const auto* value = result.series.at(0).as_object().at("value").as_array().if_contains(1);
  if (!value || !value->is_string()) return std::nullopt;
  return std::stod(std::string(value->get_string()));
}

std::vector<std::string> PrometheusClient::label_values(const std::string& label, const std::string& match) const {
  std::string target = "/api/v1/label/" + label + "/values";
  if (!match.empty()) target += "?match%5B%5D=" + query_encode(match);
  std::string error;
  const auto answer = api_answer(http_.get(target), error);
  std::vector<std::string> values;
  if (!error.empty()) return values;
  for (const auto& value : answer.at("data").as_array()) values.emplace_back(value.as_string());
  return values;
}

}  // namespace products::testing
