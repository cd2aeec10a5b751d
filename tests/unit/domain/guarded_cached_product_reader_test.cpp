#include "usecase/guarded_cached_product_reader.hpp"

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace products::usecase {
namespace {

using namespace std::chrono_literals;
using domain::Deadline;
using domain::ObjectId;

// Answers every lookup with the same entry, and counts them.
class AlwaysHitReader : public CachedProductReader {
 public:
  void lookup(const ObjectId&, Deadline, Callback done) override {
    ++lookups;
    done(CacheLookup::hit("entry"));
  }
  int lookups = 0;
};

class GuardedCachedProductReaderTest : public ::testing::Test {
 protected:
  // The entry found, or nullopt; `absent` says whether the answer was a plain miss.
  std::optional<std::string> lookup(const ObjectId& id) {
    std::optional<std::string> answer = std::string("no answer");
    reader_.lookup(id, Deadline::after(1s), [&](CacheLookup found) {
      answer = std::move(found.encoded);
      absent = found.absent;
    });
    return answer;
  }

  bool absent = true;

  AlwaysHitReader inner_;
  PendingInvalidations pending_{10};
  GuardedCachedProductReader reader_{inner_, pending_};
};

TEST_F(GuardedCachedProductReaderTest, AsksTheCacheWhenNothingIsPending) {
  EXPECT_EQ(lookup(ObjectId::generate()), "entry");
  EXPECT_EQ(inner_.lookups, 1);
}

TEST_F(GuardedCachedProductReaderTest, AnswersAMissWithoutTheCacheForAPendingId) {
  const auto stale = ObjectId::generate();
  pending_.add(std::vector{stale});
  EXPECT_EQ(lookup(stale), std::nullopt);
  EXPECT_FALSE(absent) << "not a plain miss: get_by_id must decide, with the pending set";
  EXPECT_EQ(inner_.lookups, 0);
  // Other products keep their cache.
  EXPECT_EQ(lookup(ObjectId::generate()), "entry");
  EXPECT_EQ(inner_.lookups, 1);

  pending_.settle(pending_.replay());
  EXPECT_EQ(lookup(stale), "entry");
}

}  // namespace
}  // namespace products::usecase
