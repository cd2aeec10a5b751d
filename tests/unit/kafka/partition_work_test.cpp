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

TEST(PartitionWorkTest, AbandonIsRemembered) {
  PartitionWork work({"t", 0});
  EXPECT_FALSE(work.abandoned());
  work.abandon();
  EXPECT_TRUE(work.abandoned());
}

TEST(PartitionWorkTest, DrainingGivesThePartitionUpOnlyWhenARecordFails) {
  PartitionWork running({"t", 0});
  EXPECT_FALSE(running.give_up_if_draining());
  EXPECT_FALSE(running.abandoned());

  PartitionWork draining({"t", 1});
  draining.drain();
  EXPECT_FALSE(draining.abandoned()) << "records not yet started still run while draining";
  EXPECT_TRUE(draining.give_up_if_draining());
  EXPECT_TRUE(draining.abandoned());
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
