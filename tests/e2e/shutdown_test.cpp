// Black-box: graceful shutdown of the real (sanitizer-built) binary on SIGTERM and SIGINT.

#include <chrono>
#include <csignal>
#include <iostream>
#include <string>

#include <gtest/gtest.h>

#include "support/catalog_audit.hpp"
#include "support/create_load.hpp"
#include "support/product_fixtures.hpp"
#include "support/service_log_checks.hpp"
#include "support/service_under_test.hpp"
#include "support/test_env.hpp"

namespace products::testing {
namespace {

using namespace std::chrono_literals;

// The service's own bound is service.shutdown_timeout_ms (15 s); a little on top for a busy machine.
constexpr auto kStopBound = 20s;

TEST(ShutdownTest, SigtermFinishesCreatesInFlightAndEveryAcceptedCreateIsStored) {
  const auto ns = ServiceNamespace::fresh();
  const auto word = unique_search_word("drain");
  auto first = std::make_unique<ServiceUnderTest>(ns);
  ASSERT_TRUE(first->wait_ready());

  // Eight clients keep a request in flight each, so the signal lands in the middle of creates.
  CreateLoad load(word, 5000, 8, [&first](int) { return first->http(); });
  ASSERT_TRUE(wait_until([&] { return load.ledger().accepted_count() >= 200; }, 120s))
      << "the load never got going: " << load.ledger().summary() << "\n"
      << log_tail(first->process().log());

  load.mark();
  EXPECT_TRUE(stops_cleanly(*first, SIGTERM, kStopBound));
  load.halt();
  ASSERT_TRUE(load.join());
  const auto log = first->process().log();
  EXPECT_NE(log.find("received SIGTERM"), std::string::npos) << log_tail(log);

  const auto& ledger = load.ledger();
  std::cout << "load at SIGTERM: " << ledger.summary() << std::endl;
  EXPECT_TRUE(ledger.rejected().empty()) << ledger.summary();
  // Requests that were under way when the signal came were answered, not cut off.
  EXPECT_GT(ledger.accepted_across_mark(), 0u) << ledger.summary();

  // What the first instance accepted but had not applied yet is in Kafka: the next instance of
  // the same group applies it.
  ServiceUnderTest second(ns);
  ASSERT_TRUE(second.wait_ready());
  const auto audit = creates_stored_exactly_once(second.http(), word, ledger, Unanswered::MustBeAbsent, 120s);
  std::cout << audit.message() << std::endl;
  EXPECT_TRUE(audit);
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
