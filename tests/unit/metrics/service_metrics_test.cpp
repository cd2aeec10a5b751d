#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "adapters/metrics/service_metrics.hpp"

namespace products::adapters::metrics {
namespace {

using namespace std::chrono_literals;

bool has(const std::string& text, const std::string& line) { return text.find(line) != std::string::npos; }

TEST(ServiceMetrics, NamesAndLabelsAreThoseOfTheContract) {
  ServiceMetrics metrics({"1.2.3", "abc123"});
  metrics.http().answered("GET", "/api/v1/products/{id}", 200, 3ms);
  metrics.grpc().started("productsService.ProductsService", "GetByID", "unary");
  metrics.grpc().handled("productsService.ProductsService", "GetByID", "unary", "NotFound", 2ms);
  metrics.kafka_producer().accepted();
  metrics.kafka_producer().accepted();
  metrics.kafka_producer().delivered("create-product", true, 4000us);
  metrics.kafka_consumer().handled("create-product", kafka::ConsumerObserver::Result::SkippedSuperseded);
  metrics.kafka_consumer().processed("create-product", 7ms);
  metrics.kafka_consumer().rebalanced();
  metrics.kafka_consumer().lag("create-product", 2, 5);
  metrics.mongodb().completed("find_one", true, 1ms);
  metrics.redis().completed("get", false, 1ms);
  metrics.cache().hit();
  const auto text = metrics.text();

  EXPECT_TRUE(has(text, "http_server_requests_total{method=\"GET\",route=\"/api/v1/products/{id}\",status=\"200\"} 1"))
      << text;
  EXPECT_TRUE(has(text, "http_server_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/products/{id}\"} 1"));
  EXPECT_TRUE(has(text, "grpc_server_started_total{grpc_method=\"GetByID\",grpc_service=\"productsService.ProductsService\",grpc_type=\"unary\"} 1"));
  EXPECT_TRUE(has(text, "grpc_server_handled_total{grpc_code=\"NotFound\",grpc_method=\"GetByID\",grpc_service=\"productsService.ProductsService\",grpc_type=\"unary\"} 1"));
  EXPECT_TRUE(has(text, "grpc_server_handling_seconds_bucket{grpc_method=\"GetByID\",grpc_service=\"productsService.ProductsService\",grpc_type=\"unary\",le=\"0.0025\"} 1"));
  EXPECT_TRUE(has(text, "kafka_producer_deliveries_total{result=\"ok\",topic=\"create-product\"} 1"));
  EXPECT_TRUE(has(text, "kafka_producer_delivery_duration_seconds_sum{topic=\"create-product\"} 0.004"));
  EXPECT_TRUE(has(text, "kafka_producer_queue_depth 1"));
  EXPECT_TRUE(has(text, "kafka_consumer_messages_total{result=\"skipped_superseded\",topic=\"create-product\"} 1"));
  EXPECT_TRUE(has(text, "kafka_consumer_processing_duration_seconds_count{topic=\"create-product\"} 1"));
  EXPECT_TRUE(has(text, "kafka_consumer_rebalances_total 1"));
  EXPECT_TRUE(has(text, "kafka_consumer_lag{partition=\"2\",topic=\"create-product\"} 5"));
  EXPECT_TRUE(has(text, "mongodb_operation_duration_seconds_count{operation=\"find_one\",outcome=\"ok\"} 1"));
  EXPECT_TRUE(has(text, "redis_operation_duration_seconds_count{operation=\"get\",outcome=\"error\"} 1"));
  EXPECT_TRUE(has(text, "cache_requests_total{result=\"hit\"} 1"));
  EXPECT_TRUE(has(text, "cache_requests_total{result=\"miss\"} 0"));
  EXPECT_TRUE(has(text, "cache_requests_total{result=\"unavailable\"} 0"));
  EXPECT_TRUE(has(text, "products_service_build_info{revision=\"abc123\",version=\"1.2.3\"} 1"));
  EXPECT_TRUE(has(text, "# TYPE process_cpu_seconds_total counter"));
  EXPECT_TRUE(has(text, "otel_spans_dropped_total 0")) << "present from the start, so a rate() has a baseline";
}

TEST(ServiceMetrics, DroppedSpansAreCounted) {
  ServiceMetrics metrics({"1.2.3", "abc123"});
  telemetry::ExportObserver& observer = metrics.tracing();
  observer.dropped(3);
  observer.dropped(2);
  EXPECT_TRUE(has(metrics.text(), "otel_spans_dropped_total 5")) << metrics.text();
}

TEST(ServiceMetrics, AnUnassignedPartitionLosesItsLag) {
  ServiceMetrics metrics({"1", "r"});
  metrics.kafka_consumer().lag("update-product", 0, 3);
  metrics.kafka_consumer().unassigned("update-product", 0);
  EXPECT_FALSE(has(metrics.text(), "kafka_consumer_lag{"));
}

TEST(ServiceMetrics, AFailedDeliveryCountsAsFailedAndLeavesTheQueue) {
  ServiceMetrics metrics({"1", "r"});
  metrics.kafka_producer().accepted();
  metrics.kafka_producer().delivered("dead-letter-queue", false, 1000us);
  const auto text = metrics.text();
  EXPECT_TRUE(has(text, "kafka_producer_deliveries_total{result=\"failed\",topic=\"dead-letter-queue\"} 1"));
  EXPECT_TRUE(has(text, "kafka_producer_queue_depth 0"));
}

}  // namespace
}  // namespace products::adapters::metrics
