// Black-box: graceful shutdown of the real (sanitizer-built) binary on SIGTERM and SIGINT.

#include <algorithm>
#include <chrono>
#include <csignal>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/catalog_audit.hpp"
#include "support/create_load.hpp"
#include "support/metric_samples.hpp"
#include "support/product_fixtures.hpp"
#include "support/service_log_checks.hpp"
#include "support/service_under_test.hpp"
#include "support/test_env.hpp"
#include "support/update_read_load.hpp"

namespace products::testing {
namespace {

using namespace std::chrono_literals;

// The service's own bound is service.shutdown_timeout_ms (15 s); a little on top for a busy machine.
constexpr auto kStopBound = 20s;

// The consumer's counters of `topic` on `service`: result ("applied", "skipped_superseded", ...)
// -> records.
std::map<std::string, double> consumer_results(const ServiceUnderTest& service, const std::string& topic) {
  const auto all = MetricSamples::parse(service.metrics().get("/metrics").body);
  std::map<std::string, double> out;
  for (const char* result : {"applied", "skipped_superseded", "retried", "dead_lettered"}) {
    out[result] =
        all.sum("kafka_consumer_messages_total", {"topic=\"" + topic + "\"", "result=\"" + std::string(result) + "\""});
  }
  return out;
}

// Whether `service`'s consumer is through with the create and update topics: every lag it reports
// is 0, for all three create partitions (eight clients' creates fill them all) and at least one
// update partition. librdkafka reports no lag for a partition that never held a record, and the
// few products the load updates may hash to fewer than three, so which update partitions show up
// depends on the run (as the delete topic, which holds nothing here, never does).
bool caught_up(const ServiceUnderTest& service) {
  const auto all = MetricSamples::parse(service.metrics().get("/metrics").body);
  const auto& names = service.names();
  const auto lags = all.matching("kafka_consumer_lag");
  const auto creates = all.matching("kafka_consumer_lag", {"topic=\"" + names.create_topic + "\""});
  const auto updates = all.matching("kafka_consumer_lag", {"topic=\"" + names.update_topic + "\""});
  return creates.size() == 3 && !updates.empty() &&
         std::all_of(lags.begin(), lags.end(), [](const auto& lag) { return lag.second == 0; });
}

// SIGTERM in the middle of creates, updates and reads: every request the service had taken is
// answered, none with a 5xx; what it accepted is stored exactly once; and its consumer commits
// what it applied, so that the next instance of the group applies none of it again (a command
// delivered again would be counted skipped_superseded, since its version is already stored).
TEST(ShutdownTest, SigtermUnderMixedLoadAnswersEveryRequestAndARestartReappliesNothing) {
  const auto ns = ServiceNamespace::fresh();
  const auto word = unique_search_word("drain");
  auto first = std::make_unique<ServiceUnderTest>(ns);
  ASSERT_TRUE(first->wait_ready());
  const auto to_first = [&first](int) { return first->http(); };

  // A few stored products for updates and reads, which queue behind each other in the consumer;
  // their word is not the creates', whose audit counts every product its search finds.
  const auto hot_word = unique_search_word("hot");
  std::vector<UpdateReadLoad::Product> hot;
  for (int i = 0; i < 4; ++i) {
    const auto name = fmt::format("{} product {}", hot_word, i);
    hot.push_back({create_product(first->http(), valid_product_json(name)), name});
    ASSERT_FALSE(hot.back().id.empty());
    ASSERT_EQ(get_until_status(first->http(), hot.back().id, 200, 30s).status, 200);
  }

  // Eight clients keep a create in flight each and two more read and update, so that the signal
  // lands in the middle of all three.
  CreateLoad creates(word, 5000, 8, to_first);
  UpdateReadLoad updates(hot, 2, to_first);
  ASSERT_TRUE(wait_until([&] { return creates.ledger().accepted_count() >= 200; }, 120s))
      << "the load never got going: " << creates.ledger().summary() << "\n"
      << log_tail(first->process().log());

  creates.mark();
  updates.mark();
  EXPECT_TRUE(stops_cleanly(*first, SIGTERM, kStopBound));
  creates.halt();
  updates.halt();
  ASSERT_TRUE(creates.join());
  ASSERT_TRUE(updates.join());
  const auto log = first->process().log();
  EXPECT_NE(log.find("received SIGTERM"), std::string::npos) << log_tail(log);

  const auto& ledger = creates.ledger();
  std::cout << "load at SIGTERM: creates " << ledger.summary() << "; updates and reads " << updates.summary()
            << std::endl;
  EXPECT_TRUE(ledger.rejected().empty()) << ledger.summary();
  EXPECT_TRUE(ledger.failed().empty()) << ledger.summary();
  EXPECT_EQ(updates.server_errors(), 0u) << updates.summary();
  // Requests that were under way when the signal came were answered, not cut off. Eight create
  // clients always have some in flight; the two update and read clients only sometimes, so their
  // share is shown, not required.
  EXPECT_GT(ledger.accepted_across_mark(), 0u) << ledger.summary();
  std::cout << "updates and reads answered across the signal: " << updates.answered_across_mark() << std::endl;

  // What the first instance accepted but had not fetched yet is in Kafka: the next instance of the
  // group applies it, and only it.
  ServiceUnderTest second(ns);
  ASSERT_TRUE(second.wait_ready());
  const auto audit = creates_stored_exactly_once(second.http(), word, ledger, Unanswered::MustBeAbsent, 120s);
  std::cout << audit.message() << std::endl;
  EXPECT_TRUE(audit);
  ASSERT_TRUE(wait_until([&] { return caught_up(second); }, 60s, 500ms))
      << second.metrics().get("/metrics").body;
  for (const auto& topic : {ns.create_topic, ns.update_topic}) {
    const auto results = consumer_results(second, topic);
    std::cout << "second instance, " << topic << ": " << results.at("applied") << " applied, "
              << results.at("skipped_superseded") << " skipped as already applied" << std::endl;
    EXPECT_EQ(results.at("skipped_superseded"), 0) << topic;
    EXPECT_EQ(results.at("dead_lettered"), 0) << topic;
  }
  EXPECT_TRUE(stops_cleanly(second, SIGTERM, kStopBound));
}

TEST(ShutdownTest, SigintStopsCleanly) {
  const auto ns = ServiceNamespace::fresh();
  ServiceUnderTest service(ns);
  ASSERT_TRUE(service.wait_ready());
  // Some work through every part first, so that shutdown has a consumer offset, a producer and a
  // cache connection to wind down.
  const auto client = service.http();
  const auto id = create_product(client, valid_product_json(unique_search_word("sigint")));
  ASSERT_FALSE(id.empty());
  const auto stored = get_until_status(client, id, 200, 30s);
  ASSERT_EQ(stored.status, 200) << stored.body << stored.error;

  EXPECT_TRUE(stops_cleanly(service, SIGINT, kStopBound));
  const auto log = service.process().log();
  EXPECT_NE(log.find("received SIGINT"), std::string::npos) << log_tail(log);
}

}  // namespace
}  // namespace products::testing
