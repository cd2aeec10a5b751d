#include "usecase/pending_invalidations.hpp"

#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace products::usecase {
namespace {

using domain::ObjectId;
using ::testing::UnorderedElementsAre;

class PendingInvalidationsTest : public ::testing::Test {
 protected:
  const ObjectId a_ = ObjectId::generate();
  const ObjectId b_ = ObjectId::generate();
  const ObjectId c_ = ObjectId::generate();
  PendingInvalidations pending_{2};
};

TEST_F(PendingInvalidationsTest, CoversNothingUntilAnInvalidationFails) {
  EXPECT_TRUE(pending_.empty());
  EXPECT_FALSE(pending_.covers(a_));
  const auto replay = pending_.replay();
  EXPECT_TRUE(replay.ids.empty());
  EXPECT_FALSE(replay.flush_all);
}

TEST_F(PendingInvalidationsTest, CoversExactlyTheIdsAddedUntilTheirReplaySettles) {
  pending_.add(std::vector{a_, b_});
  EXPECT_FALSE(pending_.empty());
  EXPECT_TRUE(pending_.covers(a_));
  EXPECT_TRUE(pending_.covers(b_));
  EXPECT_FALSE(pending_.covers(c_));

  const auto replay = pending_.replay();
  EXPECT_THAT(replay.ids, UnorderedElementsAre(a_, b_));
  EXPECT_FALSE(replay.flush_all);
  pending_.settle(replay);
  EXPECT_TRUE(pending_.empty());
  EXPECT_FALSE(pending_.covers(a_));
  EXPECT_FALSE(pending_.covers(b_));
}

// The second failure may have come after the replay's DEL reached Redis: its write's entry can be
// stale again, so only another replay may release it.
TEST_F(PendingInvalidationsTest, AnIdThatFailsAgainDuringItsReplayStaysPending) {
  pending_.add(std::vector{a_, b_});
  const auto replay = pending_.replay();
  pending_.add(std::vector{a_});
  pending_.settle(replay);
  EXPECT_TRUE(pending_.covers(a_));
  EXPECT_FALSE(pending_.covers(b_));
  EXPECT_EQ(pending_.size(), 1u);
}

TEST_F(PendingInvalidationsTest, AddingAnIdTwiceTakesOnePlace) {
  pending_.add(std::vector{a_});
  pending_.add(std::vector{a_, b_});
  EXPECT_EQ(pending_.size(), 2u);
  EXPECT_FALSE(pending_.overflowed());
}

TEST_F(PendingInvalidationsTest, PastItsCapacityItCoversEveryProductAndAsksForAFlush) {
  pending_.add(std::vector{a_, b_, c_});
  EXPECT_TRUE(pending_.overflowed());
  EXPECT_EQ(pending_.size(), 0u) << "the ids are forgotten once the flush covers them";
  EXPECT_TRUE(pending_.covers(ObjectId::generate()));

  const auto replay = pending_.replay();
  EXPECT_TRUE(replay.flush_all);
  pending_.settle(replay);
  EXPECT_TRUE(pending_.empty());
  EXPECT_FALSE(pending_.covers(a_));
}

TEST_F(PendingInvalidationsTest, AFailureDuringTheFlushAsksForAnotherFlush) {
  pending_.add(std::vector{a_, b_, c_});
  const auto replay = pending_.replay();
  pending_.add(std::vector{a_});
  pending_.settle(replay);
  EXPECT_TRUE(pending_.overflowed());
  EXPECT_TRUE(pending_.covers(b_));
  EXPECT_TRUE(pending_.replay().flush_all);
}

}  // namespace
}  // namespace products::usecase
