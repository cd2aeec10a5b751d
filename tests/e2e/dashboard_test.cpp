// The Grafana dashboard (deploy/grafana/dashboards/products-service.json) against the real
// Prometheus of the local stack: with the real binary on the port that Prometheus scrapes and
// traffic through every door, each template variable offers this service, and every panel query
// is valid PromQL that returns at least one series, as does every series a query names on its own
// (so that an `or vector(0)` cannot hide a misspelt name).

#include <chrono>
#include <map>
#include <string>

#include <signal.h>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>

#include "support/catalog_audit.hpp"
#include "support/grafana_dashboard.hpp"
#include "support/kafka_fixtures.hpp"
#include "support/product_fixtures.hpp"
#include "support/product_proto_fixtures.hpp"
#include "support/prometheus_client.hpp"
#include "support/service_log_checks.hpp"
#include "support/service_under_test.hpp"
#include "support/test_env.hpp"

namespace products::testing {
namespace {

using namespace std::chrono_literals;

// deploy/prometheus/prometheus.yml: the job and the only service target the stack's Prometheus
// scrapes.
constexpr int kScrapedPort = 7070;
const std::string kJob = "products-service";
const std::string kInstance = "127.0.0.1:7070";
// Grafana makes $__rate_interval at least four scrape intervals (20 s); a minute of 5 s samples
// gives every rate() here enough points while the test's traffic is still inside the window.
const std::string kRateInterval = "1m";

double epoch_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// REST: a create, reads that miss the cache until the consumer applied it and one that hits, a
// search and a refused id.
void drive_rest(const HttpClient& client) {
  const auto id = create_product(client, valid_product_json("Dashboard " + unique_search_word("d")));
  ASSERT_TRUE(is_object_id(id));
  ASSERT_EQ(get_until_status(client, id, 200, 30s).status, 200);
  ASSERT_EQ(client.get(product_path(id)).status, 200);
  EXPECT_EQ(client.get("/api/v1/products/search?search=dashboard").status, 200);
  EXPECT_EQ(client.get("/api/v1/products/not-an-id").status, 400);
}

// gRPC: a create and a read of a product that does not exist.
void drive_grpc(const std::string& target) {
  const auto stub = productsService::ProductsService::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  grpc::ClientContext create_context;
  set_test_deadline(create_context);
  productsService::CreateRes created;
  ASSERT_TRUE(stub->Create(&create_context, valid_create_request("Dashboard gRPC"), &created).ok());
  grpc::ClientContext get_context;
  set_test_deadline(get_context);
  productsService::GetByIDReq request;
  request.set_productid("0123456789abcdef01234567");
  productsService::GetByIDRes response;
  EXPECT_EQ(stub->GetByID(&get_context, request, &response).error_code(), grpc::StatusCode::NOT_FOUND);
}

// The dashboard's template variables as Grafana resolves them (label values through Prometheus's
// API), each expected to offer this service's job and instance; the values to substitute.
std::map<std::string, std::string> resolve_variables(const GrafanaDashboard& dashboard,
                                                     const PrometheusClient& prometheus) {
  const std::map<std::string, std::string> expected{{"job", kJob}, {"instance", kInstance}};
  std::map<std::string, std::string> values{{"__rate_interval", kRateInterval}};
  for (const auto& variable : dashboard.variables()) {
    const auto match = PromqlExpression(variable.match).with(values).text();
    const auto options = prometheus.label_values(variable.label, match);
    if (!expected.count(variable.name)) {
      ADD_FAILURE() << "the dashboard has a variable this test does not know: " << variable.name;
      continue;
    }
    EXPECT_THAT(options, ::testing::Contains(expected.at(variable.name))) << variable.query << " as " << match;
    values[variable.name] = expected.at(variable.name);
  }
  return values;
}

// Every PromQL the test runs, to what it stands for: each panel target with the variables
// substituted, and a count() of each series a target names.
std::map<std::string, std::string> queries_to_prove(const GrafanaDashboard& dashboard,
                                                    const std::map<std::string, std::string>& values) {
  std::map<std::string, std::string> out;
  for (const auto& query : dashboard.queries()) {
    const auto resolved = query.expr.with(values);
    out[resolved.text()] = fmt::format("panel '{}' target {}", query.panel, query.ref_id);
    for (const auto& selector : resolved.selectors()) {
      out[fmt::format("count({}{{job=\"{}\", instance=\"{}\"}})", selector.metric, kJob, kInstance)] =
          fmt::format("series {} of panel '{}'", selector.metric, query.panel);
    }
  }
  return out;
}

TEST(DashboardTest, EveryPanelQueryReturnsSeriesFromTheStacksPrometheus) {
  const double test_start = epoch_seconds();
  const PrometheusClient prometheus(prometheus_url());
  ASSERT_TRUE(prometheus.ready()) << "no Prometheus answers at " << prometheus.url()
                                  << " (PROMETHEUS_URL from .local/stack.env); start the local stack: make stack-up";
  ASSERT_TRUE(port_free(kScrapedPort))
      << "port " << kScrapedPort << " is taken, and the stack's Prometheus scrapes the service only on "
      << kInstance << " (deploy/prometheus/prometheus.yml): stop what holds it (ss -ltnp | grep :" << kScrapedPort
      << "; a `make run`?) and run again";

  ServiceUnderTest service(ServiceNamespace::fresh(), {{"METRICS_PORT", std::to_string(kScrapedPort)}});
  ASSERT_TRUE(service.wait_ready());
  ASSERT_NO_FATAL_FAILURE(drive_rest(service.http()));
  ASSERT_NO_FATAL_FAILURE(drive_grpc(service.grpc_target()));
  // The consumer cannot decode it and dead-letters it.
  ASSERT_NO_FATAL_FAILURE(produce_record(poison_record(service.names().create_topic)));

  // What Prometheus holds for the target comes from this process, not from one before it.
  const auto start_query = fmt::format("process_start_time_seconds{{job=\"{}\", instance=\"{}\"}}", kJob, kInstance);
  std::optional<double> seen_start;
  ASSERT_TRUE(wait_until(
      [&] {
        seen_start = prometheus.value(start_query);
        return seen_start && *seen_start >= test_start - 1;
      },
      30s, 500ms))
      << "Prometheus at " << prometheus.url() << " has not scraped this service on " << kInstance
      << "; process start it holds: " << seen_start.value_or(-1) << ", test start " << test_start;

  const auto dashboard = GrafanaDashboard::from_repository();
  const auto values = resolve_variables(dashboard, prometheus);
  const auto queries = queries_to_prove(dashboard, values);
  auto pending = queries;
  std::map<std::string, std::string> failures;  // PromQL to what went wrong
  // Dead letters and lag arrive seconds after the traffic, then wait for a scrape (5 s) and for a
  // second sample in every rate() window.
  wait_until(
      [&] {
        for (auto it = pending.begin(); it != pending.end();) {
          const auto result = prometheus.query(it->first);
          if (result.ok && !result.series.empty()) {
            failures.erase(it->first);
            it = pending.erase(it);
            continue;
          }
          failures[it->first] = result.ok ? "no series" : result.error;
          // Prometheus refuses an invalid query the same way every time: no point asking again.
          it = result.error.starts_with("bad_data") ? pending.erase(it) : std::next(it);
        }
        return pending.empty();
      },
      90s, 2s);
  for (const auto& [promql, error] : failures) ADD_FAILURE() << queries.at(promql) << ": " << error << "\n  " << promql;
  EXPECT_TRUE(stops_cleanly(service, SIGTERM, 30s));
  RecordProperty("queries", static_cast<int>(queries.size()));
}

}  // namespace
}  // namespace products::testing
