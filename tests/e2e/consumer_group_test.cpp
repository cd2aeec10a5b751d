// Black-box: two instances sharing one consumer group (SPEC §1, §5): Kafka spreads the partitions
// over both, and when one stops the other takes over without losing or duplicating a command.

#include <chrono>
#include <csignal>
#include <iostream>
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

// Three command topics of three partitions each (ServiceNamespace::fresh).
constexpr int kPartitions = 9;
constexpr int kCreates = 200;

TEST(ConsumerGroupTest, TwoInstancesShareTheWorkAndTheSurvivorFinishesItExactlyOnce) {
  const auto ns = ServiceNamespace::fresh();
  const auto word = unique_search_word("group");
  ServiceUnderTest staying(ns);
  ServiceUnderTest leaving(ns);
  ASSERT_TRUE(staying.wait_ready());
  ASSERT_TRUE(leaving.wait_ready());

  // Both members hold partitions, and between them all of them.
  std::optional<int> staying_owns, leaving_owns;
  const bool shared = wait_until(
      [&] {
        staying_owns = partitions_owned(staying.process().log());
        leaving_owns = partitions_owned(leaving.process().log());
        return staying_owns.value_or(0) > 0 && leaving_owns.value_or(0) > 0 &&
               *staying_owns + *leaving_owns == kPartitions;
      },
      90s, 200ms);
  ASSERT_TRUE(shared) << "partitions never spread over both members: " << staying_owns.value_or(-1) << " and "
                      << leaving_owns.value_or(-1) << " of " << kPartitions;

  // Creates alternate between the instances until the middle; from there on all go to the one
  // that stays, while the other is stopped with its last creates in flight.
  const auto staying_http = staying.http();
  const auto leaving_http = leaving.http();
  CreateLoad load(word, kCreates, 4, [&](int seq) {
    return seq < kCreates / 2 && seq % 2 == 1 ? leaving_http : staying_http;
  });
  ASSERT_TRUE(wait_until([&] { return load.started() >= kCreates / 2; }, 120s)) << load.ledger().summary();
  load.mark();
  EXPECT_TRUE(stops_cleanly(leaving, SIGTERM, 20s));
  ASSERT_TRUE(load.join());

  const auto& ledger = load.ledger();
  std::cout << "creates: " << ledger.summary() << std::endl;
  EXPECT_TRUE(ledger.rejected().empty()) << ledger.summary();
  // Everything sent to the instance that stays was accepted.
  const auto accepted = ledger.accepted();
  for (int seq = 0; seq < kCreates; ++seq) {
    if (seq < kCreates / 2 && seq % 2 == 1) continue;
    EXPECT_TRUE(accepted.contains(seq)) << "create " << seq << " sent to the staying instance was not accepted";
  }

  // The survivor takes over the leaver's partitions (a graceful leave, so no session timeout).
  const bool took_over = wait_until([&] { return partitions_owned(staying.process().log()) == kPartitions; }, 60s);
  EXPECT_TRUE(took_over) << "the staying instance owns " << partitions_owned(staying.process().log()).value_or(-1)
                         << " partitions after the other left";

  const auto audit = creates_stored_exactly_once(staying_http, word, ledger, Unanswered::MustBeAbsent, 120s);
  std::cout << audit.message() << std::endl;
  EXPECT_TRUE(audit);
  EXPECT_TRUE(stops_cleanly(staying, SIGTERM, 20s));
}

}  // namespace
}  // namespace products::testing
