#include "adapters/kafka/partition_work.hpp"

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

namespace products::adapters::kafka {
namespace {

using namespace std::chrono_literals;

TEST(PartitionWorkTest, AbandonedRecordsHoldTheCommitBackDoneOnesAdvanceIt) {
  PartitionWork work({"t", 0});
  ASSERT_TRUE(work.accept(0));
  ASSERT_TRUE(work.accept(1));
  ASSERT_TRUE(work.accept(2));
  EXPECT_FALSE(work.accept(1));
  EXPECT_EQ(work.outstanding(), 3u);
  work.finish(0, true);
  work.finish(1, false);
  work.finish(2, true);
  EXPECT_EQ(work.outstanding(), 0u);
  EXPECT_EQ(work.committable(), 1);
  EXPECT_EQ(work.take_commit(), 1);
  EXPECT_EQ(work.take_commit(), std::nullopt);
}

TEST(PartitionWorkTest, AbandonCutsARetryWaitShort) {
  PartitionWork work({"t", 0});
  EXPECT_FALSE(work.abandoned());
  std::thread abandoner([&] {
    std::this_thread::sleep_for(50ms);
    work.abandon();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(work.wait_retry(10s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  abandoner.join();
  EXPECT_TRUE(work.abandoned());
  EXPECT_FALSE(work.wait_retry(10s));
}

TEST(PartitionWorkTest, RetryWaitsItsDelayWhenNotDrained) {
  PartitionWork work({"t", 0});
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(work.wait_retry(30ms));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 30ms);
}

TEST(PartitionWorkTest, WaitIdleReturnsWhenTheLastRecordFinishesOrAtTheDeadline) {
  PartitionWork work({"t", 0});
  EXPECT_TRUE(work.wait_idle(domain::Deadline::after(1ms)));
  work.accept(7);
  EXPECT_FALSE(work.wait_idle(domain::Deadline::after(20ms)));
  std::thread finisher([&] { work.finish(7, true); });
  EXPECT_TRUE(work.wait_idle(domain::Deadline::after(10s)));
  finisher.join();
}

}  // namespace
}  // namespace products::adapters::kafka
