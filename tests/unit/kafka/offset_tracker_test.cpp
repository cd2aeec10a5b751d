#include "adapters/kafka/offset_tracker.hpp"

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace products::adapters::kafka {
namespace {

TEST(OffsetTrackerTest, NothingToCommitBeforeAnythingWasTracked) {
  OffsetTracker tracker;
  EXPECT_EQ(tracker.committable(), std::nullopt);
  EXPECT_EQ(tracker.take_uncommitted(), std::nullopt);
  EXPECT_EQ(tracker.in_flight(), 0u);
}

TEST(OffsetTrackerTest, InFlightOffsetHoldsTheCommitAtItself) {
  OffsetTracker tracker;
  ASSERT_TRUE(tracker.track(10));
  EXPECT_EQ(tracker.committable(), 10);
  EXPECT_EQ(tracker.in_flight(), 1u);
}

TEST(OffsetTrackerTest, InOrderCompletionCommitsOnePastTheLast) {
  OffsetTracker tracker;
  for (int offset = 0; offset < 5; ++offset) ASSERT_TRUE(tracker.track(offset));
  for (int offset = 0; offset < 5; ++offset) {
    ASSERT_TRUE(tracker.done(offset));
    EXPECT_EQ(tracker.committable(), offset + 1);
  }
  EXPECT_EQ(tracker.in_flight(), 0u);
}

TEST(OffsetTrackerTest, OutOfOrderCompletionNeverCommitsPastAnUnfinishedPredecessor) {
  OffsetTracker tracker;
  for (int offset = 100; offset < 105; ++offset) tracker.track(offset);
  tracker.done(103);
  tracker.done(101);
  tracker.done(104);
  EXPECT_EQ(tracker.committable(), 100);
  tracker.done(100);
  EXPECT_EQ(tracker.committable(), 102);
  tracker.done(102);
  EXPECT_EQ(tracker.committable(), 105);
}

TEST(OffsetTrackerTest, GapsInTheOffsetsAreNotWaitedFor) {
  // Compaction and transaction markers leave offsets that are never delivered.
  OffsetTracker tracker;
  tracker.track(3);
  tracker.track(7);
  tracker.track(8);
  tracker.done(7);
  EXPECT_EQ(tracker.committable(), 3);
  tracker.done(3);
  EXPECT_EQ(tracker.committable(), 8);
  tracker.done(8);
  EXPECT_EQ(tracker.committable(), 9);
}

TEST(OffsetTrackerTest, RedeliveredOffsetsAreRefused) {
  OffsetTracker tracker;
  ASSERT_TRUE(tracker.track(5));
  ASSERT_TRUE(tracker.track(6));
  EXPECT_FALSE(tracker.track(6));
  EXPECT_FALSE(tracker.track(5));
  EXPECT_FALSE(tracker.track(2));
  EXPECT_EQ(tracker.in_flight(), 2u);
  tracker.done(5);
  tracker.done(6);
  EXPECT_FALSE(tracker.track(6));
  EXPECT_EQ(tracker.committable(), 7);
}

TEST(OffsetTrackerTest, NegativeOffsetsAreRefused) {
  OffsetTracker tracker;
  EXPECT_FALSE(tracker.track(-1));
  EXPECT_EQ(tracker.committable(), std::nullopt);
}

TEST(OffsetTrackerTest, DuplicateAndUnknownCompletionsChangeNothing) {
  OffsetTracker tracker;
  tracker.track(1);
  tracker.track(2);
  EXPECT_TRUE(tracker.done(2));
  EXPECT_FALSE(tracker.done(2));
  EXPECT_FALSE(tracker.done(0));
  EXPECT_FALSE(tracker.done(3));
  EXPECT_EQ(tracker.in_flight(), 1u);
  EXPECT_EQ(tracker.committable(), 1);
  EXPECT_TRUE(tracker.done(1));
  EXPECT_FALSE(tracker.done(1));
  EXPECT_EQ(tracker.committable(), 3);
}

TEST(OffsetTrackerTest, UncommittedCountsFromTheOldestRecordNotDone) {
  OffsetTracker tracker;
  for (int offset = 0; offset < 6; ++offset) tracker.track(offset);
  EXPECT_EQ(tracker.uncommitted(), 6u);
  tracker.done(1);
  tracker.done(2);
  EXPECT_EQ(tracker.uncommitted(), 6u);  // 0 holds them all back
  tracker.done(0);
  EXPECT_EQ(tracker.uncommitted(), 3u);
  tracker.done(5);
  tracker.done(4);
  tracker.done(3);
  EXPECT_EQ(tracker.uncommitted(), 0u);
}

TEST(OffsetTrackerTest, TakeUncommittedReportsEachNewPositionOnce) {
  OffsetTracker tracker;
  tracker.track(0);
  tracker.track(1);
  EXPECT_EQ(tracker.take_uncommitted(), 0);
  EXPECT_EQ(tracker.take_uncommitted(), std::nullopt);
  tracker.done(1);
  EXPECT_EQ(tracker.take_uncommitted(), std::nullopt);
  tracker.done(0);
  EXPECT_EQ(tracker.take_uncommitted(), 2);
  EXPECT_EQ(tracker.take_uncommitted(), std::nullopt);
}

TEST(OffsetTrackerTest, ResetForgetsEverything) {
  OffsetTracker tracker;
  tracker.track(40);
  tracker.track(41);
  tracker.done(41);
  tracker.take_uncommitted();
  tracker.reset();
  EXPECT_EQ(tracker.committable(), std::nullopt);
  EXPECT_EQ(tracker.in_flight(), 0u);
  // After a reset earlier offsets are new again, e.g. after the partition was re-assigned.
  EXPECT_TRUE(tracker.track(10));
  EXPECT_EQ(tracker.take_uncommitted(), 10);
}

TEST(OffsetTrackerTest, RandomCompletionOrderAlwaysCommitsTheContiguousDonePrefix) {
  std::mt19937 random(42);
  for (int round = 0; round < 50; ++round) {
    OffsetTracker tracker;
    const int count = 200;
    for (int offset = 0; offset < count; ++offset) tracker.track(offset);
    std::vector<int> order(count);
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), random);
    std::vector<bool> done(count, false);
    for (int offset : order) {
      ASSERT_TRUE(tracker.done(offset));
      done[static_cast<std::size_t>(offset)] = true;
      const auto prefix = std::find(done.begin(), done.end(), false) - done.begin();
      ASSERT_EQ(tracker.committable(), prefix);
    }
    EXPECT_EQ(tracker.in_flight(), 0u);
  }
}

}  // namespace
}  // namespace products::adapters::kafka
