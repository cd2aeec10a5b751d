#include "adapters/kafka/dead_letter.hpp"

#include <gtest/gtest.h>

#include "adapters/kafka/dead_letter_publisher.hpp"

namespace products::adapters::kafka {
namespace {

Record original_record() {
  Record original;
  original.topic = "create-product";
  original.partition = 2;
  original.offset = 41;
  original.key = "65a1b2c3d4e5f60718293a4b";
  original.value = R"({"productId":"65a1b2c3d4e5f60718293a4b"})";
  original.headers = {{"traceparent", "t"}, {"issued-at", "17"}};
  original.timestamp_ms = 123;
  return original;
}

// As read back from the dead-letter topic: where it lies there and when it was written.
DeadLetter read_back(Record written) {
  written.partition = 1;
  written.offset = 7;
  written.timestamp_ms = 1'700'000'000'000;
  return DeadLetter(std::move(written));
}

TEST(DeadLetterTest, ReadsWhereAndWhyFromTheHeadersThePublisherWrote) {
  const auto letter = read_back(DeadLetterPublisher::dead_letter(original_record(), "dlq", "bad price", 3));
  EXPECT_EQ(letter.original_topic(), "create-product");
  EXPECT_EQ(letter.original_partition(), 2);
  EXPECT_EQ(letter.original_offset(), 41);
  EXPECT_EQ(letter.error(), "bad price");
  EXPECT_EQ(letter.attempts(), 3);
}

TEST(DeadLetterTest, OriginalGoesBackToItsTopicWithItsKeyValueAndHeadersWithoutTheDlqOnes) {
  const auto source = original_record();
  const auto original = read_back(DeadLetterPublisher::dead_letter(source, "dlq", "bad price", 3)).original();
  ASSERT_TRUE(original);
  EXPECT_EQ(original->topic, "create-product");
  EXPECT_EQ(original->partition, -1) << "the partitioner places it by key, as the first time";
  EXPECT_EQ(original->key, source.key);
  EXPECT_EQ(original->value, source.value);
  EXPECT_EQ(original->headers, source.headers);
  EXPECT_EQ(original->timestamp_ms, 1'700'000'000'000) << "the dead letter's time, the same at every replay";
}

TEST(DeadLetterTest, OriginalStripsEveryCopyOfTheDlqHeaders) {
  // Dead-lettered, replayed by a tool that kept the headers, and dead-lettered again.
  auto twice = DeadLetterPublisher::dead_letter(original_record(), "dlq", "first", 3);
  twice.topic = "create-product";
  twice = DeadLetterPublisher::dead_letter(twice, "dlq", "second", 1);
  const auto original = DeadLetter(twice).original();
  ASSERT_TRUE(original);
  EXPECT_EQ(original->headers, original_record().headers);
  EXPECT_EQ(DeadLetter(twice).error(), "second") << "the last header of a name counts";
}

TEST(DeadLetterTest, ARecordWithoutDlqHeadersHasNoOriginal) {
  Record foreign;
  foreign.key = "k";
  foreign.value = "v";
  foreign.headers = {{"dlq-partition", "two"}, {"dlq-topic", ""}};
  const DeadLetter letter(foreign);
  EXPECT_FALSE(letter.original_topic());
  EXPECT_FALSE(letter.original_partition()) << "not a number";
  EXPECT_FALSE(letter.original_offset());
  EXPECT_FALSE(letter.error());
  EXPECT_FALSE(letter.attempts());
  EXPECT_FALSE(letter.original());
}

}  // namespace
}  // namespace products::adapters::kafka
