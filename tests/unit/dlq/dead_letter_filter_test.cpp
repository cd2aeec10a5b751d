#include "dlq/dead_letter_filter.hpp"

#include <gtest/gtest.h>

#include "adapters/kafka/dead_letter_publisher.hpp"

namespace products::tools::dlq {
namespace {

using adapters::kafka::DeadLetter;
using adapters::kafka::DeadLetterPublisher;
using adapters::kafka::Record;

constexpr std::int64_t kWrittenAt = 1'700'000'000'000;

DeadLetter letter(const std::string& key, const std::string& topic, const std::string& error) {
  Record original;
  original.topic = topic;
  original.key = key;
  auto written = DeadLetterPublisher::dead_letter(original, "dlq", error, 1);
  written.timestamp_ms = kWrittenAt;
  return DeadLetter(written);
}

TEST(DeadLetterFilterTest, AnEmptyFilterSelectsEverything) {
  EXPECT_TRUE(DeadLetterFilter{}.matches(letter("k", "create-product", "bad")));
  EXPECT_TRUE(DeadLetterFilter{}.matches(DeadLetter(Record{})));
}

TEST(DeadLetterFilterTest, KeyAndTopicMatchExactly) {
  DeadLetterFilter filter;
  filter.key = "k1";
  filter.original_topic = "create-product";
  EXPECT_TRUE(filter.matches(letter("k1", "create-product", "bad")));
  EXPECT_FALSE(filter.matches(letter("k10", "create-product", "bad")));
  EXPECT_FALSE(filter.matches(letter("k1", "update-product", "bad")));
  EXPECT_FALSE(filter.matches(DeadLetter(Record{}))) << "no key, no dlq-topic";
}

TEST(DeadLetterFilterTest, ErrorMatchesASubstring) {
  DeadLetterFilter filter;
  filter.error = "not valid JSON";
  EXPECT_TRUE(filter.matches(letter("k", "t", "value: not valid JSON at 3")));
  EXPECT_FALSE(filter.matches(letter("k", "t", "price must be positive")));
}

TEST(DeadLetterFilterTest, SinceIsInclusiveAndUntilExclusive) {
  DeadLetterFilter filter;
  filter.since_ms = kWrittenAt;
  filter.until_ms = kWrittenAt + 1;
  EXPECT_TRUE(filter.matches(letter("k", "t", "e")));
  filter.since_ms = kWrittenAt + 1;
  filter.until_ms.reset();
  EXPECT_FALSE(filter.matches(letter("k", "t", "e")));
  filter.since_ms.reset();
  filter.until_ms = kWrittenAt;
  EXPECT_FALSE(filter.matches(letter("k", "t", "e")));
}

TEST(DeadLetterFilterTest, ATimeFilterNeverSelectsARecordWithoutTimestamp) {
  DeadLetterFilter filter;
  filter.since_ms = 0;
  EXPECT_FALSE(filter.matches(DeadLetter(Record{})));
}

TEST(DeadLetterFilterTest, ParsesEpochMillisecondsAndIso8601) {
  EXPECT_EQ(DeadLetterFilter::parse_time("1700000000000"), 1'700'000'000'000);
  EXPECT_EQ(DeadLetterFilter::parse_time("2023-11-14T22:13:20Z"), 1'700'000'000'000);
  EXPECT_EQ(DeadLetterFilter::parse_time("2023-11-14T23:13:20.5+01:00"), 1'700'000'000'500);
  EXPECT_EQ(DeadLetterFilter::parse_time("2023-11-14"), 1'699'920'000'000);
}

TEST(DeadLetterFilterTest, RejectsOtherTimes) {
  for (const char* text : {"", "yesterday", "2023-11-14T22:13:20", "2023-13-01", "-5", "1e9", "99999999999999999999"}) {
    EXPECT_FALSE(DeadLetterFilter::parse_time(text)) << text;
  }
}

}  // namespace
}  // namespace products::tools::dlq
