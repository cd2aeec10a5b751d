// The Grafana dashboard and its provisioning under deploy/grafana: well-formed, every panel queries
// the provisioned Prometheus datasource, and every series and label a query names is in the
// metrics contract (deploy/prometheus/METRICS.md). e2e DashboardTest runs the queries themselves
// against the stack's Prometheus.

#include <filesystem>
#include <set>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "support/grafana_dashboard.hpp"
#include "support/metrics_contract.hpp"
#include "support/test_env.hpp"

namespace products::testing {
namespace {

namespace json = boost::json;

// Labels Prometheus adds to every series it scrapes.
const std::set<std::string> kTargetLabels = {"job", "instance"};
// Variables Grafana defines itself.
const std::set<std::string> kGrafanaVariables = {"__rate_interval", "__interval", "__range"};

std::string datasource_uid(const json::object& object) {
  const auto* datasource = object.if_contains("datasource");
  if (!datasource || !datasource->is_object()) return {};
  const auto* uid = datasource->get_object().if_contains("uid");
  return uid && uid->is_string() ? std::string(uid->get_string()) : std::string();
}

class GrafanaFilesTest : public ::testing::Test {
 protected:
  // The uid of the provisioned Prometheus datasource, "" when there is not exactly one.
  std::string provisioned_uid() const {
    std::string uid;
    int prometheus = 0;
    for (const auto& source : datasources_["datasources"]) {
      if (source["type"].as<std::string>("") != "prometheus") continue;
      ++prometheus;
      uid = source["uid"].as<std::string>("");
    }
    return prometheus == 1 ? uid : std::string();
  }

  const GrafanaDashboard dashboard_ = GrafanaDashboard::from_repository();
  const MetricsContract contract_ = MetricsContract::from_repository();
  const YAML::Node datasources_ = YAML::LoadFile(source_path("deploy/grafana/provisioning/datasources/prometheus.yaml"));
  const YAML::Node providers_ = YAML::LoadFile(source_path("deploy/grafana/provisioning/dashboards/products-service.yaml"));
};

TEST_F(GrafanaFilesTest, TheDashboardHasAStableUidATitleAndACurrentSchema) {
  const auto& document = dashboard_.document();
  EXPECT_EQ(json::value_to<std::string>(document.at("uid")), "products-service");
  EXPECT_EQ(json::value_to<std::string>(document.at("title")), "products-service");
  ASSERT_TRUE(document.at("schemaVersion").is_int64());
  EXPECT_GE(document.at("schemaVersion").get_int64(), 36) << "older schemas name datasources by name, not uid";
  EXPECT_FALSE(dashboard_.panels().empty());
}

TEST_F(GrafanaFilesTest, EveryPanelHasAUniqueIdATitleAndQueriesTheProvisionedDatasource) {
  const auto uid = provisioned_uid();
  ASSERT_FALSE(uid.empty()) << "no single Prometheus datasource in the provisioning";
  std::set<std::int64_t> ids;
  for (const auto* panel : dashboard_.panels()) {
    const auto title = panel->contains("title") ? json::value_to<std::string>(panel->at("title")) : "";
    EXPECT_FALSE(title.empty()) << json::serialize(*panel);
    ASSERT_TRUE(panel->contains("id") && panel->at("id").is_int64()) << title;
    EXPECT_TRUE(ids.insert(panel->at("id").get_int64()).second) << "panel id used twice: " << title;
    if (json::value_to<std::string>(panel->at("type")) == "row") continue;
    EXPECT_EQ(datasource_uid(*panel), uid) << title;
    const auto* targets = panel->if_contains("targets");
    ASSERT_TRUE(targets && targets->is_array() && !targets->get_array().empty()) << title << " has no target";
    std::set<std::string> ref_ids;
    for (const auto& target : targets->get_array()) {
      const auto& object = target.as_object();
      const auto* expr = object.if_contains("expr");
      EXPECT_TRUE(expr && expr->is_string() && !expr->get_string().empty()) << title << ": a target without expr";
      EXPECT_EQ(datasource_uid(object), uid) << title;
      EXPECT_TRUE(ref_ids.insert(json::value_to<std::string>(object.at("refId"))).second) << title;
    }
  }
}

TEST_F(GrafanaFilesTest, EverySeriesAndLabelAQueryNamesIsInTheMetricsContract) {
  std::set<std::string> defined = kGrafanaVariables;
  for (const auto& variable : dashboard_.variables()) defined.insert(variable.name);
  std::set<std::string> used;
  for (const auto& query : dashboard_.queries()) {
    const auto where = query.panel + " " + query.ref_id + ": " + query.expr.text();
    EXPECT_FALSE(query.expr.selectors().empty()) << where;
    std::set<std::string> available = kTargetLabels;
    for (const auto& selector : query.expr.selectors()) {
      used.insert(selector.metric);
      const auto labels = contract_.series_labels(selector.metric);
      if (!labels) {
        ADD_FAILURE() << "no series " << selector.metric << " in METRICS.md; " << where;
        continue;
      }
      available.insert(labels->begin(), labels->end());
      const std::set<std::string> matched(selector.labels.begin(), selector.labels.end());
      for (const auto& label : matched) {
        EXPECT_TRUE(labels->count(label) || kTargetLabels.count(label)) << selector.metric << " has no label " << label << "; " << where;
      }
      // The job and instance variables narrow every panel.
      EXPECT_TRUE(matched.count("job") && matched.count("instance")) << where;
    }
    for (const auto& label : query.expr.grouping_labels()) {
      EXPECT_TRUE(available.count(label)) << "grouping by " << label << ", which no series of it has; " << where;
    }
    for (const auto& variable : query.expr.variables()) {
      EXPECT_TRUE(defined.count(variable)) << "undefined variable $" << variable << "; " << where;
    }
  }
  // Every area of the service has its panel.
  for (const char* series : {"http_server_requests_total", "http_server_request_duration_seconds_bucket",
                             "grpc_server_started_total", "grpc_server_handled_total",
                             "grpc_server_handling_seconds_bucket", "kafka_producer_deliveries_total",
                             "kafka_producer_delivery_duration_seconds_bucket", "kafka_consumer_messages_total",
                             "kafka_consumer_lag", "mongodb_operation_duration_seconds_bucket",
                             "redis_operation_duration_seconds_bucket", "cache_requests_total",
                             "process_resident_memory_bytes", "process_cpu_seconds_total"}) {
    EXPECT_TRUE(used.count(series)) << "no panel shows " << series;
  }
}

TEST_F(GrafanaFilesTest, TheTemplateVariablesAreJobAndInstanceFromTheServicesOwnSeries) {
  const auto variables = dashboard_.variables();
  ASSERT_EQ(variables.size(), 2u);
  for (std::size_t i = 0; i < variables.size(); ++i) {
    const auto& variable = variables[i];
    EXPECT_EQ(variable.name, i == 0 ? "job" : "instance");
    EXPECT_EQ(variable.label, variable.name) << variable.query;
    const PromqlExpression match(variable.match);
    ASSERT_EQ(match.selectors().size(), 1u) << variable.query;
    // A series only the service exposes, so that Prometheus's own job is not offered.
    EXPECT_EQ(match.selectors().front().metric, "products_service_build_info") << variable.query;
  }
  EXPECT_EQ(variables[1].match, "products_service_build_info{job=\"$job\"}");
}

TEST_F(GrafanaFilesTest, TheDatasourceProvisioningDefinesThePrometheusOfTheComposeStack) {
  EXPECT_EQ(datasources_["apiVersion"].as<int>(0), 1);
  EXPECT_EQ(provisioned_uid(), "prometheus");
  const auto& source = datasources_["datasources"][0];
  EXPECT_EQ(source["url"].as<std::string>(""), "http://prometheus:9090");
  EXPECT_EQ(source["access"].as<std::string>(""), "proxy");
}

TEST_F(GrafanaFilesTest, TheDashboardProvisioningLoadsTheFolderThatHoldsTheDashboard) {
  EXPECT_EQ(providers_["apiVersion"].as<int>(0), 1);
  ASSERT_EQ(providers_["providers"].size(), 1u);
  const auto& provider = providers_["providers"][0];
  EXPECT_EQ(provider["type"].as<std::string>(""), "file");
  EXPECT_EQ(provider["folder"].as<std::string>(""), "products-service");
  // The path is where deploy/grafana/dashboards is mounted: same folder name.
  const std::filesystem::path path = provider["options"]["path"].as<std::string>("");
  ASSERT_TRUE(path.is_absolute()) << path;
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(source_path("deploy/grafana")) / path.filename() /
                                      "products-service.json")) << path;
}

}  // namespace
}  // namespace products::testing
