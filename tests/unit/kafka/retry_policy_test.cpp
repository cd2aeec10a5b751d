#include "adapters/kafka/retry_policy.hpp"

#include <gtest/gtest.h>

namespace products::adapters::kafka {
namespace {

using namespace std::chrono_literals;

TEST(RetryPolicyTest, DelayDoublesFromInitialUpToTheCap) {
  RetryPolicy policy;
  EXPECT_EQ(policy.delay(1), 100ms);
  EXPECT_EQ(policy.delay(2), 200ms);
  EXPECT_EQ(policy.delay(3), 400ms);
  EXPECT_EQ(policy.delay(6), 3200ms);
  EXPECT_EQ(policy.delay(7), 5000ms);
  EXPECT_EQ(policy.delay(1000), 5000ms);
}

// An attempt that kept the store busy for nothing is followed by a pause at least as long, so a
// command that always runs out of time uses the store at most half of the time.
TEST(RetryPolicyTest, DelayIsNeverShorterThanAFruitlessAttemptUpToTheDeadlineCap) {
  RetryPolicy policy;
  EXPECT_EQ(policy.delay(1, 30ms), 100ms);
  EXPECT_EQ(policy.delay(1, 5'000ms), 5'000ms);
  EXPECT_EQ(policy.delay(2, 10'000ms), 10'000ms);
  EXPECT_EQ(policy.delay(9, 40'000ms), 40'000ms);
  EXPECT_EQ(policy.delay(9, 10min), policy.max_timeout);
}

TEST(RetryPolicyTest, DeadlineGrowsWithTheBatch) {
  RetryPolicy policy;
  EXPECT_EQ(policy.timeout_for(1, 0), 5'020ms);
  EXPECT_EQ(policy.timeout_for(256, 0), 5'000ms + 256 * 20ms);
  EXPECT_EQ(policy.timeout_for(100'000, 0), policy.max_timeout);
}

TEST(RetryPolicyTest, DeadlineDoublesAfterEachTimeOutUpToTheCap) {
  RetryPolicy policy;
  EXPECT_EQ(policy.timeout_for(1, 1), 10'040ms);
  EXPECT_EQ(policy.timeout_for(1, 2), 20'080ms);
  EXPECT_EQ(policy.timeout_for(1, 3), 40'160ms);
  EXPECT_EQ(policy.timeout_for(1, 4), 60'000ms);
  EXPECT_EQ(policy.timeout_for(1, 1'000'000), 60'000ms);
}

// The cost of a command that never finishes in time: every attempt runs to its deadline and is
// followed by at least as long a pause, so the store works on it at most half of the time, and
// fewer attempts are made as time goes on.
TEST(RetryPolicyTest, ACommandThatAlwaysTimesOutHoldsTheStoreAtMostHalfTheTime) {
  RetryPolicy policy;
  std::chrono::milliseconds busy{0}, idle{0};
  int timed_out = 0;
  for (int attempt = 1; attempt <= 50; ++attempt) {
    const auto took = policy.timeout_for(1, timed_out);
    busy += took;
    ++timed_out;
    idle += policy.delay(attempt, took);
  }
  EXPECT_LE(busy, idle);
  // The last attempts are a minute apart and a minute long.
  EXPECT_EQ(policy.timeout_for(1, timed_out), policy.max_timeout);
  EXPECT_EQ(policy.delay(50, policy.max_timeout), policy.max_timeout);
}

TEST(RetryPolicyTest, TransientFailuresNeverGiveUpPermanentOnesAfterMaxAttempts) {
  RetryPolicy policy;
  EXPECT_FALSE(policy.gives_up(1'000'000, true));
  EXPECT_FALSE(policy.gives_up(2, false));
  EXPECT_TRUE(policy.gives_up(3, false));
}

TEST(RetryPolicyTest, AFailureIsStuckOnceItLastedStuckAfter) {
  RetryPolicy policy;
  EXPECT_FALSE(policy.stuck(59'999ms));
  EXPECT_TRUE(policy.stuck(60s));
}

}  // namespace
}  // namespace products::adapters::kafka
