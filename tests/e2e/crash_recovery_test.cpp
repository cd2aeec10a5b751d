// Black-box: kill -9 while accepted creates are still on their way from Kafka to MongoDB. The next
// instance of the consumer group must apply every accepted create, and none twice.

#include <chrono>
#include <csignal>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "support/catalog_audit.hpp"
#include "support/create_load.hpp"
#include "support/service_log_checks.hpp"
#include "support/service_under_test.hpp"
#include "support/test_env.hpp"

namespace products::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kCreates = 2000;
constexpr int kClients = 8;
const std::map<std::string, std::string> kShortSession{{"KAFKA_SESSION_TIMEOUT_MS", "10000"}};

TEST(CrashRecoveryTest, EveryCreateAcceptedBeforeSigkillIsStoredExactlyOnceAfterRestart) {
  const auto ns = ServiceNamespace::fresh();
  const auto word = unique_search_word("crash");
  auto crashing = std::make_unique<ServiceUnderTest>(ns, kShortSession);
  ASSERT_TRUE(crashing->wait_ready());

  const auto load_started = std::chrono::steady_clock::now();
  CreateLoad load(word, kCreates, kClients, [&crashing](int) { return crashing->http(); });
  // Killed about halfway, with clients still sending: some commands are applied, some only in
  // Kafka, some applied but with their offsets not committed.
  ASSERT_TRUE(wait_until(
      [&] { return load.ledger().accepted_count() >= kCreates / 2 || load.finished() == kCreates; }, 120s))
      << load.ledger().summary() << "\n"
      << log_tail(crashing->process().log());
  crashing->process().signal(SIGKILL);
  load.halt();
  EXPECT_EQ(crashing->process().wait_exit(10s), 128 + SIGKILL);
  ASSERT_TRUE(load.join());
  const auto reports = sanitizer_reports(crashing->process().log());
  EXPECT_TRUE(reports.empty()) << reports.front();

  const auto& ledger = load.ledger();
  std::cout << "load at SIGKILL, "
            << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - load_started).count()
            << " s after it started: " << ledger.summary() << std::endl;
  EXPECT_TRUE(ledger.rejected().empty()) << ledger.summary();
  ASSERT_GE(ledger.accepted_count(), static_cast<std::size_t>(kCreates / 2)) << ledger.summary();

  // The killed member stays in the group until its session times out (kafka.session_timeout_ms,
  // shortened here), only then does the new one get the partitions; then about a thousand
  // commands are applied by a sanitizer build on a small machine.
  ServiceUnderTest recovering(ns);
  ASSERT_TRUE(recovering.wait_ready());
  std::cout << "stored when the new instance became ready: " << search_total(recovering.http(), word) << std::endl;
  const auto audit = creates_stored_exactly_once(recovering.http(), word, ledger, Unanswered::MayBeStored, 300s);
  std::cout << audit.message() << std::endl;
  EXPECT_TRUE(audit);
  EXPECT_TRUE(stops_cleanly(recovering, SIGTERM, 20s));
}

}  // namespace
}  // namespace products::testing
