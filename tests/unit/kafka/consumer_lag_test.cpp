#include <gtest/gtest.h>

#include "adapters/kafka/consumer_lag.hpp"

namespace products::adapters::kafka {
namespace {

TEST(ConsumerLag, ReadsEachKnownPartitionsLagFromStatistics) {
  // Trimmed from a real librdkafka statistics document.
  const auto lags = consumer_lag(R"({"name":"c#consumer-1","type":"consumer","topics":{
    "create-product":{"topic":"create-product","partitions":{
      "0":{"partition":0,"hi_offset":12,"committed_offset":10,"consumer_lag":2},
      "1":{"partition":1,"hi_offset":0,"committed_offset":-1001,"consumer_lag":-1},
      "-1":{"partition":-1,"consumer_lag":-1}}},
    "update-product":{"topic":"update-product","partitions":{
      "2":{"partition":2,"hi_offset":5,"committed_offset":5,"consumer_lag":0}}}}})");
  ASSERT_EQ(lags.size(), 2u);
  EXPECT_EQ(lags[0].partition, (TopicPartition{"create-product", 0}));
  EXPECT_EQ(lags[0].records, 2);
  EXPECT_EQ(lags[1].partition, (TopicPartition{"update-product", 2}));
  EXPECT_EQ(lags[1].records, 0);
}

TEST(ConsumerLag, ADocumentThatDoesNotParseYieldsNothing) {
  EXPECT_TRUE(consumer_lag("{not json").empty());
  EXPECT_TRUE(consumer_lag(R"({"topics":[]})").empty());
}

}  // namespace
}  // namespace products::adapters::kafka
