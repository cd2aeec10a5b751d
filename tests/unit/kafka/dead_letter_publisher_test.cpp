#include "adapters/kafka/dead_letter_publisher.hpp"

#include <gtest/gtest.h>

namespace products::adapters::kafka {
namespace {

TEST(DeadLetterPublisherTest, DeadLetterKeepsTheOriginalAndAddsWhereAndWhy) {
  Record original;
  original.topic = "create-product";
  original.partition = 2;
  original.offset = 41;
  original.key = "65a1b2c3d4e5f60718293a4b";
  original.value = std::string("\x00\xff{not json", 11);
  original.headers = {{"traceparent", "t"}, {"issued-at", "17"}};
  original.timestamp_ms = 123;

  const auto letter = DeadLetterPublisher::dead_letter(original, "dlq", "body is not valid JSON", 3);
  EXPECT_EQ(letter.topic, "dlq");
  EXPECT_EQ(letter.partition, -1);
  EXPECT_EQ(letter.key, original.key);
  EXPECT_EQ(letter.value, original.value);
  const std::vector<Header> expected = {
      {"traceparent", "t"},     {"issued-at", "17"},   {"dlq-topic", "create-product"},
      {"dlq-partition", "2"},   {"dlq-offset", "41"},  {"dlq-error", "body is not valid JSON"},
      {"dlq-attempts", "3"},
  };
  EXPECT_EQ(letter.headers, expected);
}

TEST(DeadLetterPublisherTest, NullKeyStaysNull) {
  Record original;
  original.topic = "t";
  const auto letter = DeadLetterPublisher::dead_letter(original, "dlq", "why", 1);
  EXPECT_FALSE(letter.key.has_value());
}

}  // namespace
}  // namespace products::adapters::kafka
