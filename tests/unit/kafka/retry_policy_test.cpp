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

TEST(RetryPolicyTest, TransientFailuresNeverGiveUpPermanentOnesAfterMaxAttempts) {
  RetryPolicy policy;
  EXPECT_FALSE(policy.gives_up(1'000'000, true));
  EXPECT_FALSE(policy.gives_up(2, false));
  EXPECT_TRUE(policy.gives_up(3, false));
}

}  // namespace
}  // namespace products::adapters::kafka
