// Black-box test of /metrics (SPEC §8, deploy/prometheus/METRICS.md): after traffic through every
// door of the real binary, its metrics port shows every family of the contract with plausible
// values.

#include <map>
#include <string>
#include <vector>

#include <signal.h>

#include <fmt/format.h>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>

#include "adapters/kafka/command_codec.hpp"
#include "domain/timestamp.hpp"
#include "support/catalog_audit.hpp"
#include "support/kafka_fixtures.hpp"
#include "support/metric_samples.hpp"
#include "support/product_fixtures.hpp"
#include "support/product_proto_fixtures.hpp"
#include "support/prometheus_client.hpp"
#include "support/service_log_checks.hpp"
#include "support/service_under_test.hpp"
#include "support/test_env.hpp"

namespace products::testing {
namespace {

using namespace std::chrono_literals;

// Every family of METRICS.md but otel_spans_dropped_total: tracing is not wired into the service yet.
const std::vector<std::string> kFamilies = {
    "http_server_requests_total",          "http_server_request_duration_seconds",
    "grpc_server_started_total",           "grpc_server_handled_total",
    "grpc_server_handling_seconds",        "kafka_producer_deliveries_total",
    "kafka_producer_delivery_duration_seconds", "kafka_producer_queue_depth",
    "kafka_consumer_messages_total",       "kafka_consumer_lag",
    "kafka_consumer_processing_duration_seconds", "kafka_consumer_rebalances_total",
    "mongodb_operation_duration_seconds",  "redis_operation_duration_seconds",
    "cache_requests_total",                "process_cpu_seconds_total",
    "process_resident_memory_bytes",       "process_virtual_memory_bytes",
    "process_open_fds",                    "process_max_fds",
    "process_start_time_seconds",          "products_service_build_info",
    "otel_spans_dropped_total",
};

bool has_family(const std::string& text, const std::string& name) {
  return text.find("# TYPE " + name + " ") != std::string::npos;
}

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = std::make_unique<ServiceUnderTest>(ServiceNamespace::fresh());
    ASSERT_TRUE(service_->wait_ready());
  }

  void TearDown() override {
    if (service_) {
      EXPECT_TRUE(stops_cleanly(*service_, SIGTERM, 30s));
    }
  }

  std::string scrape() const {
    const auto result = service_->metrics().get("/metrics");
    EXPECT_EQ(result.status, 200) << result.error;
    return result.body;
  }

  // An update of `id` issued long before the stored version: the consumer skips it as superseded.
  void produce_superseded_update(const std::string& id) const {
    domain::ProductCommand command;
    command.type = domain::CommandType::Update;
    command.product.id = domain::ObjectId::parse(id).value();
    command.product.fields.category_id = domain::ObjectId::generate();
    command.product.fields.name = "Superseded";
    command.product.fields.description = "An update older than the stored product";
    command.product.fields.price = 1;
    // Not before the stored createdAt, which a superseded write would otherwise move earlier.
    command.product.created_at = command.product.updated_at = domain::now_ms() + std::chrono::hours(24);
    command.version = 1;
    const auto& names = service_->names();
    produce_record(adapters::kafka::CommandCodec({names.create_topic, names.update_topic, names.delete_topic}).encode(command));
  }

  std::unique_ptr<ServiceUnderTest> service_;
};

TEST_F(MetricsTest, AfterTrafficEveryFamilyOfTheContractIsExposedWithPlausibleValues) {
  const auto client = service_->http();
  const auto id = create_product(client, valid_product_json("Metered " + unique_search_word("m")));
  ASSERT_TRUE(is_object_id(id));
  ASSERT_EQ(get_until_status(client, id, 200, 30s).status, 200);  // misses until the consumer wrote it
  ASSERT_EQ(client.get(product_path(id)).status, 200);              // now cached: a hit
  EXPECT_EQ(client.get("/api/v1/products/search?search=metered").status, 200);
  EXPECT_EQ(client.get("/api/v1/products/not-an-id").status, 400);
  EXPECT_EQ(client.get("/no/such/route/" + id).status, 404);
  // Refused by the server before any route was looked for.
  EXPECT_EQ(client.request("POST", "/api/v1/products", std::string(3 << 20, 'x')).status, 413);

  auto channel = grpc::CreateChannel(service_->grpc_target(), grpc::InsecureChannelCredentials());
  auto stub = productsService::ProductsService::NewStub(channel);
  grpc::ClientContext context;
  set_test_deadline(context);
  productsService::GetByIDReq request;
  request.set_productid(id);
  productsService::GetByIDRes response;
  ASSERT_TRUE(stub->GetByID(&context, request, &response).ok());
  grpc::ClientContext missing_context;
  set_test_deadline(missing_context);
  request.set_productid("0123456789abcdef01234567");
  ASSERT_EQ(stub->GetByID(&missing_context, request, &response).error_code(), grpc::StatusCode::NOT_FOUND);

  // A record the consumer cannot decode, straight onto the create topic.
  produce_record(poison_record(service_->names().create_topic));
  produce_superseded_update(id);

  // Lag is sampled on the consumer's poll thread and dead letters take a round trip: wait for them.
  std::string text;
  std::map<std::string, double> all;
  const bool complete = wait_until(
      [&] {
        text = scrape();
        all = samples(text);
        for (const auto& family : kFamilies) {
          if (!has_family(text, family)) return false;
        }
        return sum(all, "kafka_consumer_messages_total", {"result=\"dead_lettered\""}) >= 1 &&
               sum(all, "kafka_consumer_messages_total", {"result=\"skipped_superseded\""}) >= 1 &&
               text.find("kafka_consumer_lag{partition=") != std::string::npos;
      },
      30s, 250ms);
  for (const auto& family : kFamilies) EXPECT_TRUE(has_family(text, family)) << family << " missing:\n" << text;
  ASSERT_TRUE(complete) << text;

  // REST: route templates, never raw paths.
  EXPECT_GE(sum(all, "http_server_requests_total", {"method=\"POST\"", "route=\"/api/v1/products\"", "status=\"202\""}), 1);
  EXPECT_GE(sum(all, "http_server_requests_total", {"route=\"/api/v1/products/{id}\"", "status=\"200\""}), 2);
  EXPECT_GE(sum(all, "http_server_requests_total", {"route=\"/api/v1/products/{id}\"", "status=\"400\""}), 1);
  EXPECT_GE(sum(all, "http_server_requests_total", {"route=\"/api/v1/products/search\"", "status=\"200\""}), 1);
  EXPECT_GE(sum(all, "http_server_requests_total", {"route=\"unmatched\"", "status=\"404\""}), 1);
  EXPECT_EQ(sum(all, "http_server_requests_total", {"method=\"POST\"", "route=\"unmatched\"", "status=\"413\""}), 1);
  EXPECT_EQ(text.find(id), std::string::npos) << "a raw path leaked into a label";
  EXPECT_GE(sum(all, "http_server_request_duration_seconds_count", {"route=\"/api/v1/products\""}), 1);

  // gRPC, as go-grpc-prometheus names it.
  const std::vector<std::string> get_by_id = {"grpc_method=\"GetByID\"", "grpc_service=\"productsService.ProductsService\"",
                                              "grpc_type=\"unary\""};
  EXPECT_EQ(sum(all, "grpc_server_started_total", get_by_id), 2);
  for (const char* code : {"OK", "NotFound"}) {
    auto labels = get_by_id;
    labels.push_back(fmt::format("grpc_code=\"{}\"", code));
    EXPECT_EQ(sum(all, "grpc_server_handled_total", labels), 1) << code;
  }
  EXPECT_EQ(sum(all, "grpc_server_handling_seconds_count", get_by_id), 2);

  // Kafka: the create was delivered, applied, and the poison record dead-lettered.
  EXPECT_GE(sum(all, "kafka_producer_deliveries_total", {"topic=\"" + service_->names().create_topic + "\"", "result=\"ok\""}), 1);
  EXPECT_GE(sum(all, "kafka_producer_deliveries_total", {"topic=\"" + service_->names().dead_letter_topic + "\"", "result=\"ok\""}), 1);
  EXPECT_GE(sum(all, "kafka_producer_delivery_duration_seconds_count"), 2);
  EXPECT_EQ(sum(all, "kafka_producer_queue_depth"), 0);
  EXPECT_EQ(sum(all, "kafka_consumer_messages_total",
                {"topic=\"" + service_->names().create_topic + "\"", "result=\"applied\""}), 1);
  EXPECT_EQ(sum(all, "kafka_consumer_messages_total",
                {"topic=\"" + service_->names().update_topic + "\"", "result=\"skipped_superseded\""}), 1);
  const auto stored = json_object(client.get(product_path(id)).body);
  ASSERT_TRUE(stored);
  EXPECT_NE(string_member(*stored, "name"), "Superseded") << "the superseded update must change nothing";
  EXPECT_GE(sum(all, "kafka_consumer_processing_duration_seconds_count"), 2);
  EXPECT_GE(sum(all, "kafka_consumer_rebalances_total"), 1);

  // Storage and cache.
  EXPECT_GE(sum(all, "mongodb_operation_duration_seconds_count", {"outcome=\"ok\""}), 1);
  EXPECT_GE(sum(all, "redis_operation_duration_seconds_count", {"outcome=\"ok\""}), 1);
  EXPECT_GE(sum(all, "cache_requests_total", {"result=\"hit\""}), 1);
  EXPECT_GE(sum(all, "cache_requests_total", {"result=\"miss\""}), 1);

  // Process and build.
  EXPECT_GT(sum(all, "process_cpu_seconds_total"), 0);
  EXPECT_GT(sum(all, "process_resident_memory_bytes"), 1e6);
  EXPECT_GT(sum(all, "process_open_fds"), 5);
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_GT(sum(all, "process_start_time_seconds"), now - 300);
  EXPECT_LE(sum(all, "process_start_time_seconds"), now + 1);
  EXPECT_EQ(sum(all, "products_service_build_info", {"version=\"0.1.0\""}), 1);
}

// deploy/prometheus/prometheus.yml scrapes 127.0.0.1:7070, so this runs the service there; when
// something else holds that port (make run, another checkout's test) or no Prometheus answers, it
// is skipped rather than fight over the port.
TEST(PrometheusScrapeTest, TheStacksPrometheusScrapesTheServiceOnPort7070) {
  constexpr int kScrapedPort = 7070;
  const PrometheusClient prometheus(prometheus_url());
  if (!prometheus.ready()) GTEST_SKIP() << "no Prometheus answers at " << prometheus.url();
  if (!port_free(kScrapedPort)) GTEST_SKIP() << "port " << kScrapedPort << " is in use";

  ServiceUnderTest service(ServiceNamespace::fresh(), {{"METRICS_PORT", std::to_string(kScrapedPort)}});
  ASSERT_TRUE(service.wait_ready());
  const auto own = samples(service.metrics().get("/metrics").body);
  ASSERT_TRUE(own.count("process_start_time_seconds"));
  const double started = own.at("process_start_time_seconds");

  // Scraped every 5 s: the target is up and what Prometheus holds is this very process.
  std::optional<double> up, seen_start;
  const bool scraped = wait_until(
      [&] {
        up = prometheus.value("up{job=\"products-service\"}");
        seen_start = prometheus.value("process_start_time_seconds{job=\"products-service\"}");
        return up == 1.0 && seen_start && std::abs(*seen_start - started) < 0.5;
      },
      30s, 500ms);
  EXPECT_TRUE(scraped) << "up=" << up.value_or(-1) << " start=" << seen_start.value_or(-1) << " own start=" << started;
  EXPECT_TRUE(prometheus.value("products_service_build_info{job=\"products-service\"}").has_value());
  EXPECT_TRUE(stops_cleanly(service, SIGTERM, 30s));
}

}  // namespace
}  // namespace products::testing
