#include "domain/deadline.hpp"

#include <gtest/gtest.h>

namespace products::domain {
namespace {

using namespace std::chrono_literals;

TEST(DeadlineTest, FutureDeadlineIsNotExpiredAndHasTimeLeft) {
  const auto deadline = Deadline::after(10s);
  EXPECT_FALSE(deadline.expired());
  EXPECT_GT(deadline.remaining(), 9s);
  EXPECT_LE(deadline.remaining(), 10s);
  EXPECT_GT(deadline.remaining_ms_at_least_one(), 9000);
}

TEST(DeadlineTest, PastDeadlineIsExpiredWithZeroLeft) {
  const Deadline deadline(Deadline::Clock::now() - 1s);
  EXPECT_TRUE(deadline.expired());
  EXPECT_EQ(deadline.remaining(), 0ms);
}

// Drivers read a 0 ms timeout as "wait forever"; an expired deadline must still bound them.
TEST(DeadlineTest, RemainingForDriversIsAtLeastOneMillisecond) {
  EXPECT_EQ(Deadline(Deadline::Clock::now() - 1h).remaining_ms_at_least_one(), 1);
  EXPECT_EQ(Deadline(Deadline::Clock::now()).remaining_ms_at_least_one(), 1);
}

TEST(DeadlineTest, AtIsTheGivenTimePoint) {
  const auto when = Deadline::Clock::now() + 5s;
  EXPECT_EQ(Deadline(when).at(), when);
}

}  // namespace
}  // namespace products::domain
