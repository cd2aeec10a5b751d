// Black-box: Idempotency-Key on REST creates and gRPC Create, across two instances and a restart.

#include <algorithm>
#include <chrono>
#include <csignal>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/serialize.hpp>
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>

#include "products.grpc.pb.h"
#include "support/catalog_audit.hpp"
#include "support/metric_samples.hpp"
#include "support/product_fixtures.hpp"
#include "support/product_proto_fixtures.hpp"
#include "support/service_log_checks.hpp"
#include "support/service_under_test.hpp"
#include "support/shared_service_suite.hpp"
#include "support/test_env.hpp"

namespace products::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto kStopBound = 20s;
constexpr auto kApplied = 60s;

HttpResult keyed_post(const ServiceUnderTest& service, const std::string& key, const std::string& body) {
  return service.http().request("POST", "/api/v1/products", body,
                                {{"Content-Type", "application/json"}, {"Idempotency-Key", key}});
}

std::string product_id(const HttpResult& result) {
  const auto body = json_object(result.body);
  return body ? string_member(*body, "productId") : std::string();
}

// Whether the instances' consumers are through with every create record: each partition of the
// create topic that holds records (an empty one reports no lag) is at no lag in one of them. A
// member that lost a partition in a rebalance may still show its last lag for it, so the owner's
// zero is what counts.
bool creates_all_handled(const std::vector<const ServiceUnderTest*>& services, std::size_t partitions) {
  std::map<std::string, double> least_lag;
  for (const auto* service : services) {
    const auto samples = MetricSamples::parse(service->metrics().get("/metrics").body);
    const auto topic = "topic=\"" + service->names().create_topic + "\"";
    for (const auto& [series, value] : samples.matching("kafka_consumer_lag", {topic})) {
      const auto [it, added] = least_lag.try_emplace(series, value);
      if (!added) it->second = std::min(it->second, value);
    }
  }
  return least_lag.size() >= partitions &&
         std::all_of(least_lag.begin(), least_lag.end(), [](const auto& entry) { return entry.second == 0; });
}

// Two instances share a consumer group and database; one of them is restarted in the middle. Every
// attempt carrying the key, however many at once and wherever it lands, answers the same id, and
// once the consumers handled every command the catalog holds exactly one product.
TEST(IdempotencyTest, RetriesOfOneKeyAnswerOneIdAndStoreOneProductAcrossInstancesAndARestart) {
  const auto ns = ServiceNamespace::fresh();
  const auto word = unique_search_word("idem");
  const auto body = boost::json::serialize(valid_product_json(word + " retried mug"));
  const auto key = unique_name("order");
  auto first = std::make_unique<ServiceUnderTest>(ns);
  ServiceUnderTest second(ns);
  ASSERT_TRUE(first->wait_ready());
  ASSERT_TRUE(second.wait_ready());

  const auto original = keyed_post(*first, key, body);
  ASSERT_EQ(original.status, 202) << original.error << original.body;
  const auto id = product_id(original);
  ASSERT_TRUE(is_object_id(id)) << original.body;
  int accepted = 1;

  // A burst of retries on both instances at once: most arrive while the first command is still
  // on its way through Kafka.
  std::vector<HttpResult> burst(16);
  std::vector<std::thread> clients;
  for (std::size_t i = 0; i < burst.size(); ++i) {
    clients.emplace_back([&, i] { burst[i] = keyed_post(i % 2 ? *first : second, key, body); });
  }
  for (auto& client : clients) client.join();
  for (const auto& retry : burst) {
    EXPECT_EQ(retry.status, 202) << retry.error << retry.body;
    EXPECT_EQ(product_id(retry), id) << retry.body;
    EXPECT_EQ(retry.headers.count("Location") ? retry.headers.at("Location") : "", product_path(id));
    accepted += retry.status == 202;
  }

  EXPECT_TRUE(stops_cleanly(*first, SIGTERM, kStopBound));
  first = std::make_unique<ServiceUnderTest>(ns);
  ASSERT_TRUE(first->wait_ready());
  const auto after_restart = keyed_post(*first, key, body);
  EXPECT_EQ(after_restart.status, 202) << after_restart.body;
  EXPECT_EQ(product_id(after_restart), id);
  accepted += after_restart.status == 202;

  // Once the group is through with every record, one product is all there is.
  ASSERT_EQ(get_until_status(first->http(), id, 200, kApplied).status, 200);
  // Every attempt carries the product's id as its key: one partition holds them all.
  EXPECT_TRUE(wait_until([&] { return creates_all_handled({first.get(), &second}, 1); }, kApplied, 250ms));
  const auto listed = list_matching(second.http(), word);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, id);
  std::cout << accepted << " attempts with one key were accepted; the catalog holds one product" << std::endl;

  EXPECT_TRUE(stops_cleanly(*first, SIGTERM, kStopBound));
  EXPECT_TRUE(stops_cleanly(second, SIGTERM, kStopBound));
}

class IdempotencyApiTest : public SharedServiceSuite<IdempotencyApiTest> {
 protected:
  static grpc::Status grpc_create(const productsService::CreateReq& request, const std::string& key,
                                  productsService::CreateRes& response) {
    const auto channel = grpc::CreateChannel(service_->grpc_target(), grpc::InsecureChannelCredentials());
    const auto stub = productsService::ProductsService::NewStub(channel);
    grpc::ClientContext context;
    set_test_deadline(context);
    context.AddMetadata("idempotency-key", key);
    return stub->Create(&context, request, &response);
  }
};

TEST_F(IdempotencyApiTest, KeyReusedWithAnotherBodyIs422AndStoresNothingMore) {
  const auto word = unique_search_word("reuse");
  const auto key = unique_name("order");
  const auto created = keyed_post(*service_, key, boost::json::serialize(valid_product_json(word + " first")));
  ASSERT_EQ(created.status, 202) << created.body;

  const auto reused = keyed_post(*service_, key, boost::json::serialize(valid_product_json(word + " second")));
  ASSERT_EQ(reused.status, 422) << reused.body;
  const auto error = json_object(reused.body);
  ASSERT_TRUE(error) << reused.body;
  EXPECT_NE(string_member(*error, "message").find(key), std::string::npos) << reused.body;

  ASSERT_EQ(get_until_status(service_->http(), product_id(created), 200, kApplied).status, 200);
  EXPECT_EQ(search_total(service_->http(), word), 1);
}

TEST_F(IdempotencyApiTest, MalformedKeyIs400NamingTheHeader) {
  const auto result = keyed_post(*service_, std::string(256, 'k'), boost::json::serialize(valid_product_json("long key")));
  ASSERT_EQ(result.status, 400) << result.body;
  const auto body = json_object(result.body);
  ASSERT_TRUE(body && body->if_contains("fields")) << result.body;
  EXPECT_TRUE(body->at("fields").as_object().contains("Idempotency-Key")) << result.body;
}

TEST_F(IdempotencyApiTest, GrpcCreateRetriedWithItsMetadataKeyAnswersTheFirstProduct) {
  const auto key = unique_name("grpc-order");
  const auto request = valid_create_request(unique_search_word("grpcidem") + " cup");
  productsService::CreateRes first, retry;
  ASSERT_TRUE(grpc_create(request, key, first).ok());
  const auto status = grpc_create(request, key, retry);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(retry.product().SerializeAsString(), first.product().SerializeAsString());

  auto other = request;
  other.set_name(request.name() + " changed");
  productsService::CreateRes refused;
  const auto conflict = grpc_create(other, key, refused);
  EXPECT_EQ(conflict.error_code(), grpc::StatusCode::ALREADY_EXISTS) << conflict.error_message();
  EXPECT_NE(conflict.error_message().find(key), std::string::npos) << conflict.error_message();
}

}  // namespace
}  // namespace products::testing
