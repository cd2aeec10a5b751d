#include "adapters/mongo/mongo_idempotency_store.hpp"

#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "domain/error.hpp"
#include "integration/mongo/mongo_fixture.hpp"
#include "support/fakes/sample_product.hpp"

namespace products::adapters::mongo {
namespace {

using namespace std::chrono_literals;
using usecase::KeyedCreate;

KeyedCreate keyed(std::string key, const std::string& id_hex, std::string name = "Espresso cup",
                  std::int64_t version = 1'700'000'000'123'456) {
  return {std::move(key), testing::sample_product(id_hex, std::move(name)), version};
}

class IdempotencyStoreTest : public MongoFixture {
 protected:
  // No purge thread: the tests purge by hand.
  MongoIdempotencyStore store(std::chrono::seconds retention = std::chrono::hours(24)) {
    return MongoIdempotencyStore(*pool_, retention, 0ms);
  }
};

// Everything that makes the command survives the round trip, so that a retry is the same command.
TEST_F(IdempotencyStoreTest, FirstClaimKeepsTheCandidateExactly) {
  auto keys = store();
  const auto candidate = keyed("order-1", "65a1b2c3d4e5f60718293a4b");
  EXPECT_EQ(keys.claim(candidate, soon()), candidate);
}

TEST_F(IdempotencyStoreTest, LaterClaimsOfTheKeyAnswerTheFirst) {
  auto keys = store();
  const auto first = keyed("order-1", "65a1b2c3d4e5f60718293a4b");
  keys.claim(first, soon());
  EXPECT_EQ(keys.claim(keyed("order-1", "65a1b2c3d4e5f60718293a4c", "Other cup", 42), soon()), first);
  EXPECT_EQ(keys.claim(keyed("order-2", "65a1b2c3d4e5f60718293a4d"), soon()).key, "order-2");
}

// Another instance (its own pool, as after a restart) sees the same record.
TEST_F(IdempotencyStoreTest, RecordIsSharedAcrossInstances) {
  const auto first = keyed("order-1", "65a1b2c3d4e5f60718293a4b");
  store().claim(first, soon());
  MongoClientPool other_pool(config_);
  MongoIdempotencyStore other(other_pool, std::chrono::hours(24), 0ms);
  EXPECT_EQ(other.claim(keyed("order-1", "65a1b2c3d4e5f60718293a4c"), soon()), first);
}

TEST_F(IdempotencyStoreTest, ConcurrentClaimsOfOneKeyAllAnswerOneRecord) {
  auto keys = store();
  constexpr int kClaims = 8;
  std::vector<KeyedCreate> answers(kClaims);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClaims; ++i) {
    threads.emplace_back([&, i] {
      answers[i] = keys.claim(keyed("race", "65a1b2c3d4e5f60718293a" + std::to_string(10 + i)), soon());
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> ids;
  for (const auto& answer : answers) ids.insert(answer.product.id.hex());
  EXPECT_EQ(ids.size(), 1u);
}

TEST_F(IdempotencyStoreTest, ExpiredRecordIsTakenOverByTheNextClaim) {
  auto keys = store(1s);
  keys.claim(keyed("k", "65a1b2c3d4e5f60718293a4b"), soon());
  const auto next = keyed("k", "65a1b2c3d4e5f60718293a4c", "Next cup");
  // Within the window every claim answers the first record; once it passes, the next one wins.
  EXPECT_TRUE(testing::wait_until([&] { return keys.claim(next, soon()) == next; }, 10s));
  EXPECT_EQ(keys.claim(keyed("k", "65a1b2c3d4e5f60718293a4d"), soon()), next);
}

TEST_F(IdempotencyStoreTest, PurgeDeletesOnlyExpiredRecords) {
  auto short_lived = store(1s);
  auto long_lived = store();
  const auto kept = keyed("kept", "65a1b2c3d4e5f60718293a4b");
  short_lived.claim(keyed("gone", "65a1b2c3d4e5f60718293a4c"), soon());
  long_lived.claim(kept, soon());
  std::int64_t purged = 0;
  ASSERT_TRUE(testing::wait_until([&] { return (purged += long_lived.purge_expired(soon())) >= 1; }, 10s));
  EXPECT_EQ(purged, 1);
  EXPECT_EQ(long_lived.claim(keyed("kept", "65a1b2c3d4e5f60718293a4d"), soon()), kept);
}

TEST_F(IdempotencyStoreTest, ExpiredDeadlineFailsBeforeAnyWrite) {
  auto keys = store();
  try {
    keys.claim(keyed("k", "65a1b2c3d4e5f60718293a4b"), expired());
    FAIL() << "expected DeadlineExceeded";
  } catch (const domain::Error& e) {
    EXPECT_EQ(e.kind(), domain::ErrorKind::DeadlineExceeded);
  }
}

}  // namespace
}  // namespace products::adapters::mongo
