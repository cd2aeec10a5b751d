#include "domain/object_id.hpp"

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace products::domain {
namespace {

using ::testing::MatchesRegex;

std::uint32_t counter_of(const ObjectId& id) {
  const auto& b = id.bytes();
  return std::uint32_t{b[9]} << 16 | std::uint32_t{b[10]} << 8 | std::uint32_t{b[11]};
}

TEST(ObjectIdTest, GeneratedHexIsTwentyFourLowerCaseDigits) {
  for (int i = 0; i < 100; ++i) {
    EXPECT_THAT(ObjectId::generate().hex(), MatchesRegex("[0-9a-f]{24}"));
  }
}

TEST(ObjectIdTest, GeneratedIdsAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100000; ++i) seen.insert(ObjectId::generate().hex());
  EXPECT_EQ(seen.size(), 100000u);
}

// Handlers on several threads generate ids at once; the counter must not hand out duplicates.
TEST(ObjectIdTest, GeneratedIdsAreUniqueAcrossThreads) {
  constexpr int kThreads = 4, kEach = 20000;
  std::vector<std::vector<ObjectId>> made(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&made, t] {
      for (int i = 0; i < kEach; ++i) made[t].push_back(ObjectId::generate());
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<ObjectId> seen;
  for (const auto& ids : made) seen.insert(ids.begin(), ids.end());
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kThreads * kEach));
}

TEST(ObjectIdTest, GeneratedTimestampIsNow) {
  const auto before = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto id = ObjectId::generate();
  const auto after = std::chrono::ceil<std::chrono::seconds>(std::chrono::system_clock::now());
  EXPECT_GE(id.timestamp(), before);
  EXPECT_LE(id.timestamp(), after);
}

TEST(ObjectIdTest, CounterGoesUpByOneBetweenConsecutiveIds) {
  const auto first = ObjectId::generate();
  const auto second = ObjectId::generate();
  // The counter is 3 bytes wide and wraps; compare modulo 2^24.
  EXPECT_EQ((counter_of(first) + 1) & 0xffffff, counter_of(second));
}

TEST(ObjectIdTest, ProcessPartIsTheSameForEveryId) {
  const auto first = ObjectId::generate();
  const auto second = ObjectId::generate();
  for (std::size_t i = 4; i < 9; ++i) EXPECT_EQ(first.bytes()[i], second.bytes()[i]) << "byte " << i;
}

// Ids made in the same second sort in creation order, which "newest first" listings rely on.
TEST(ObjectIdTest, ConsecutiveIdsSortInCreationOrderUnlessTheCounterWraps) {
  const auto first = ObjectId::generate();
  const auto second = ObjectId::generate();
  if (counter_of(second) != 0 && first.timestamp() == second.timestamp()) {
    EXPECT_LT(first, second);
    EXPECT_LT(first.hex(), second.hex());
  }
}

TEST(ObjectIdTest, ParseAcceptsLowerCase) {
  const auto id = ObjectId::parse("65a1b2c3d4e5f60718293a4b");
  ASSERT_TRUE(id.has_value());
  const ObjectId::Bytes expected{0x65, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x07, 0x18, 0x29, 0x3a, 0x4b};
  EXPECT_EQ(id->bytes(), expected);
}

TEST(ObjectIdTest, ParseAcceptsUpperAndMixedCaseAsTheSameId) {
  const auto lower = ObjectId::parse("65a1b2c3d4e5f60718293a4b");
  EXPECT_EQ(ObjectId::parse("65A1B2C3D4E5F60718293A4B"), lower);
  EXPECT_EQ(ObjectId::parse("65a1B2c3D4e5F60718293A4b"), lower);
}

TEST(ObjectIdTest, HexIsAlwaysLowerCase) {
  EXPECT_EQ(ObjectId::parse("65A1B2C3D4E5F60718293A4B")->hex(), "65a1b2c3d4e5f60718293a4b");
}

TEST(ObjectIdTest, ParseRejectsWrongLengthsAndCharacters) {
  for (const std::string bad : {
           "",
           "65a1b2c3d4e5f60718293a4",    // 23
           "65a1b2c3d4e5f60718293a4b0",  // 25
           "65a1b2c3d4e5f60718293a4g",   // g is not hex
           "65a1b2c3d4e5f60718293a4 ",   // trailing space
           " 65a1b2c3d4e5f60718293a4",   // leading space
           "0x65a1b2c3d4e5f60718293a",   // prefix
           "65a1b2c3-4e5f-60718293a4b",  // separators
           "zzzzzzzzzzzzzzzzzzzzzzzz",
           "\xC3\xA9" "a1b2c3d4e5f60718293a4b",  // non-ASCII in the first byte pair
       }) {
    EXPECT_FALSE(ObjectId::parse(bad).has_value()) << "'" << bad << "'";
  }
  EXPECT_FALSE(ObjectId::parse(std::string("65a1b2c3d4e5f607\0" "8293a4b", 24)).has_value());
}

TEST(ObjectIdTest, HexRoundTrip) {
  for (int i = 0; i < 1000; ++i) {
    const auto id = ObjectId::generate();
    EXPECT_EQ(ObjectId::parse(id.hex()), id);
  }
  const ObjectId::Bytes all_values{0x00, 0x01, 0x0f, 0x10, 0x7f, 0x80, 0x9a, 0xab, 0xcd, 0xef, 0xf0, 0xff};
  const ObjectId edge(all_values);
  EXPECT_EQ(edge.hex(), "00010f107f809aabcdeff0ff");
  EXPECT_EQ(ObjectId::parse(edge.hex()), edge);
}

TEST(ObjectIdTest, DefaultIsAllZeros) {
  EXPECT_EQ(ObjectId().hex(), "000000000000000000000000");
  EXPECT_EQ(ObjectId().timestamp().time_since_epoch().count(), 0);
}

TEST(ObjectIdTest, TimestampReadsTheFirstFourBytesBigEndian) {
  // 0x65a1b2c3 = 1705095875 s = 2024-01-12T21:44:35Z
  const auto id = *ObjectId::parse("65a1b2c3d4e5f60718293a4b");
  EXPECT_EQ(id.timestamp().time_since_epoch().count(), 0x65a1b2c3);
  // Past 2038 the seconds do not fit in a signed 32-bit number; they must not turn negative.
  const auto late = *ObjectId::parse("ffffffff0000000000000000");
  EXPECT_EQ(late.timestamp().time_since_epoch().count(), 0xffffffffLL);
}

}  // namespace
}  // namespace products::domain
