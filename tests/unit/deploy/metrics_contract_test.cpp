#include "support/metrics_contract.hpp"

#include <gtest/gtest.h>

namespace products::testing {
namespace {

using Labels = std::set<std::string>;

TEST(MetricsContractTest, ReadsNameTypeAndLabelsFromTheTableRows) {
  const auto contract = MetricsContract::from_markdown(
      "| name | type | labels | meaning |\n"
      "| --- | --- | --- | --- |\n"
      "| `requests_total` | counter | `method`, `route` | Requests, see `other`. |\n"
      "| `duration_seconds` | histogram | `route` | Time. |\n"
      "| `build_info` | gauge (always 1) | — | The build. |\n"
      "Prose naming `not_a_metric`.\n");
  ASSERT_EQ(contract.families().size(), 3u);
  EXPECT_EQ(contract.families().at("build_info").type, "gauge");
  EXPECT_EQ(contract.series_labels("requests_total"), (Labels{"method", "route"}));
  EXPECT_EQ(contract.series_labels("build_info"), Labels{});
  EXPECT_FALSE(contract.series_labels("not_a_metric"));
  EXPECT_FALSE(contract.series_labels("requests_total_bucket"));
}

TEST(MetricsContractTest, AHistogramIsStoredAsBucketsSumAndCount) {
  const auto contract = MetricsContract::from_markdown("| `duration_seconds` | histogram | `route` | Time. |\n");
  EXPECT_EQ(contract.series_labels("duration_seconds_bucket"), (Labels{"le", "route"}));
  EXPECT_EQ(contract.series_labels("duration_seconds_sum"), Labels{"route"});
  EXPECT_EQ(contract.series_labels("duration_seconds_count"), Labels{"route"});
  EXPECT_FALSE(contract.series_labels("duration_seconds"));
}

TEST(MetricsContractTest, TheRepositorysContractHasEveryAreaOfTheService) {
  const auto contract = MetricsContract::from_repository();
  EXPECT_EQ(contract.series_labels("http_server_requests_total"), (Labels{"method", "route", "status"}));
  EXPECT_EQ(contract.series_labels("grpc_server_handled_total"),
            (Labels{"grpc_code", "grpc_method", "grpc_service", "grpc_type"}));
  EXPECT_EQ(contract.series_labels("kafka_consumer_lag"), (Labels{"topic", "partition"}));
  EXPECT_EQ(contract.series_labels("process_cpu_seconds_total"), Labels{});
}

}  // namespace
}  // namespace products::testing
