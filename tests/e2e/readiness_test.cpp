// Black-box: liveness and readiness of the real binary, and how it rides out a Redis outage.

#include <algorithm>
#include <chrono>
#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <gtest/gtest.h>

#include "support/product_fixtures.hpp"
#include "support/service_log_checks.hpp"
#include "support/service_under_test.hpp"
#include "support/shared_service_suite.hpp"
#include "support/test_env.hpp"

namespace products::testing {
namespace {

using namespace std::chrono_literals;

// The prober checks every second; a few rounds plus a loaded machine.
constexpr auto kReadinessChange = 20s;

class ReadinessTest : public SharedServiceSuite<ReadinessTest> {
 protected:
  static HttpClient http() { return service_->http(); }
};

// The names in a 503 /readyz body's "failing" array.
std::vector<std::string> failing_dependencies(const HttpResult& result) {
  std::vector<std::string> names;
  const auto body = json_object(result.body);
  if (!body) return names;
  const auto* failing = body->if_contains("failing");
  if (!failing || !failing->is_array()) return names;
  for (const auto& name : failing->as_array()) {
    if (name.is_string()) names.emplace_back(name.as_string());
  }
  return names;
}

bool lists(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// Brings Redis back however the test ends: the other tests, and other suites running meanwhile,
// need it.
class RedisOutage {
 public:
  RedisOutage() : stopped_(stack_command("stop-component redis") == 0) {}
  ~RedisOutage() { restart(); }
  RedisOutage(const RedisOutage&) = delete;
  RedisOutage& operator=(const RedisOutage&) = delete;

  bool stopped() const noexcept { return stopped_; }
  int restart() {
    if (!stopped_) return 0;
    stopped_ = false;
    return stack_command("start-component redis");
  }

 private:
  bool stopped_;
};

TEST_F(ReadinessTest, HealthzAnswers200) {
  const auto result = http().get("/healthz");
  EXPECT_EQ(result.status, 200) << result.body << result.error;
  const auto body = json_object(result.body);
  ASSERT_TRUE(body) << result.body;
  EXPECT_EQ(string_member(*body, "status"), "ok");
}

TEST_F(ReadinessTest, ReadyzAnswers200WhenEveryDependencyAnswers) {
  const auto result = http().get("/readyz");
  EXPECT_EQ(result.status, 200) << result.body << result.error;
  const auto body = json_object(result.body);
  ASSERT_TRUE(body) << result.body;
  EXPECT_EQ(string_member(*body, "status"), "ready");
}

TEST_F(ReadinessTest, RedisOutageMakesReadyz503ButReadsStillSucceedAndReadinessComesBack) {
  const auto client = http();
  const auto id = create_product(client, valid_product_json(unique_name("redis outage")));
  ASSERT_FALSE(id.empty());
  // Applied by the consumer, and read once so that it sits in the cache when Redis goes.
  const auto before = get_until_status(client, id, 200, 30s);
  ASSERT_EQ(before.status, 200) << before.body << before.error;

  RedisOutage outage;
  ASSERT_TRUE(outage.stopped()) << "scripts/stack.sh stop-component redis failed";

  HttpResult readyz;
  const bool reported = wait_until(
      [&] {
        readyz = client.get("/readyz");
        return readyz.status == 503 && lists(failing_dependencies(readyz), "redis");
      },
      kReadinessChange, 200ms);
  EXPECT_TRUE(reported) << "/readyz did not report redis failing within " << kReadinessChange.count()
                        << " s; last answer: " << readyz.status << " " << readyz.body << readyz.error;
  const auto failing = failing_dependencies(readyz);
  EXPECT_FALSE(lists(failing, "kafka")) << readyz.body;
  EXPECT_FALSE(lists(failing, "mongodb")) << readyz.body;

  // The cache is only an optimisation: reads fall through to MongoDB.
  const auto during = client.get(product_path(id));
  EXPECT_EQ(during.status, 200) << during.body << during.error;
  const auto product = json_object(during.body);
  ASSERT_TRUE(product) << during.body;
  EXPECT_EQ(string_member(*product, "productId"), id);
  // And a product never cached before, so it cannot have come from anywhere but MongoDB.
  const auto late_id = create_product(client, valid_product_json(unique_name("created during outage")));
  EXPECT_FALSE(late_id.empty()) << "a create failed while Redis was down";
  if (!late_id.empty()) {
    const auto late = get_until_status(client, late_id, 200, 30s);
    EXPECT_EQ(late.status, 200) << late.body << late.error;
  }

  ASSERT_EQ(outage.restart(), 0) << "scripts/stack.sh start-component redis failed";
  HttpResult recovered;
  const bool ready_again = wait_until(
      [&] {
        recovered = client.get("/readyz");
        return recovered.status == 200;
      },
      kReadinessChange, 200ms);
  EXPECT_TRUE(ready_again) << "/readyz not 200 within " << kReadinessChange.count()
                           << " s of Redis coming back; last answer: " << recovered.status << " " << recovered.body
                           << recovered.error;
  const auto after = client.get(product_path(id));
  EXPECT_EQ(after.status, 200) << after.body << after.error;
}

}  // namespace
}  // namespace products::testing
