#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>

#include "support/http_client.hpp"

namespace products::testing {

// Prometheus's HTTP API (/api/v1), as a dashboard uses it: instant queries and label values.
class PrometheusClient {
 public:
  struct QueryResult {
    bool ok = false;
    std::string error;  // Prometheus's own message ("bad_data: parse error …"), or the transport's
    boost::json::array series;  // each {"metric": {…}, "value": [time, "value"]}
  };

  // `url` is "http://host:port", as .local/stack.env's PROMETHEUS_URL.
  explicit PrometheusClient(const std::string& url);

  const std::string& url() const noexcept { return url_; }
  bool ready() const;
  // An instant query at the current time.
  QueryResult query(const std::string& promql) const;
  // The value of the query's only series, or nullopt when it has not exactly one.
  std::optional<double> value(const std::string& promql) const;
  // The values of `label` on the series `match` selects (empty: on every series).
  std::vector<std::string> label_values(const std::string& label, const std::string& match = {}) const;

 private:
  std::string url_;
  HttpClient http_;
};

}  // namespace products::testing
