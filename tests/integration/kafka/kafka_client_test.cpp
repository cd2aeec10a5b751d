#include <chrono>
#include <mutex>
#include <vector>

#include <gtest/gtest.h>

#include "adapters/kafka/consumer.hpp"
#include "domain/error.hpp"
#include "integration/kafka/kafka_fixtures.hpp"

namespace products::testing {
namespace {

using namespace std::chrono_literals;
using adapters::kafka::Consumer;
using adapters::kafka::Record;

TEST(KafkaClientTest, KeyedIdempotentProduceIsConsumedIntactAndGroupResumesAfterCommit) {
  ScratchTopics topics({"it-kafka-roundtrip"});
  std::vector<Record> sent;
  for (int i = 0; i < 10; ++i) {
    Record record;
    record.topic = topics[0];
    // One key, so one partition and one order.
    record.key = "product-1";
    record.value = "value-" + std::to_string(i);
    record.headers = {{"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},
                      {"seq", std::to_string(i)},
                      {"empty", ""}};
    sent.push_back(record);
  }
  send_all(sent);

  const auto group = unique_name("it-kafka-group");
  {
    Consumer first(test_consumer_config(group), {[](auto&) {}, [](auto&, bool) {}});
    first.subscribe({topics[0]});
    const auto records = poll_records(first, 4, 20s);
    ASSERT_EQ(records.size(), 4u);
    for (int i = 0; i < 4; ++i) {
      const auto& record = records[static_cast<std::size_t>(i)];
      EXPECT_EQ(record.topic, topics[0]);
      EXPECT_EQ(record.key, sent[0].key);
      EXPECT_EQ(record.value, sent[static_cast<std::size_t>(i)].value);
      EXPECT_EQ(record.headers, sent[static_cast<std::size_t>(i)].headers);
      ASSERT_TRUE(record.timestamp_ms.has_value());
    }
    // Done with the first three only: the group must resume at the fourth.
    first.commit({{records[2].topic_partition(), records[2].offset + 1}}, false);
    first.close();
  }

  Consumer second(test_consumer_config(group), {[](auto&) {}, [](auto&, bool) {}});
  second.subscribe({topics[0]});
  const auto rest = poll_records(second, 7, 20s);
  ASSERT_EQ(rest.size(), 7u);
  for (std::size_t i = 0; i < rest.size(); ++i) EXPECT_EQ(rest[i].value, sent[i + 3].value);
}

TEST(KafkaClientTest, RebalanceListenerSeesAssignmentAndRevocation) {
  ScratchTopics topics({"it-kafka-rebalance"});
  std::mutex mutex;
  std::vector<adapters::kafka::TopicPartition> assigned;
  int revoked = 0;
  {
    Consumer consumer(test_consumer_config(unique_name("it-kafka-group")),
                      {[&](const auto& partitions) {
                         std::lock_guard lock(mutex);
                         assigned = partitions;
                       },
                       [&](const auto& partitions, bool lost) {
                         std::lock_guard lock(mutex);
                         EXPECT_FALSE(lost);
                         revoked += static_cast<int>(partitions.size());
                       }});
    consumer.subscribe({topics[0]});
    ASSERT_TRUE(wait_until(
        [&] {
          consumer.poll(100ms);
          std::lock_guard lock(mutex);
          return assigned.size() == 3;
        },
        20s, 0ms));
    EXPECT_EQ(consumer.assignment().size(), 3u);
    consumer.close();
  }
  EXPECT_EQ(revoked, 3);
}

TEST(KafkaAdminTest, CreatingExistingTopicsSucceedsAndDeletingMissingOnesToo) {
  ScratchTopics topics({"it-kafka-admin"});
  topics.admin().create_topics({{topics[0], 3, 1, {}}}, domain::Deadline::after(10s));
  const auto missing = unique_name("it-kafka-never");
  topics.admin().delete_topics({missing}, domain::Deadline::after(10s));
}

TEST(KafkaAdminTest, ImpossibleReplicationFactorIsInvalidArgumentNamingTheTopic) {
  adapters::kafka::Admin admin(kafka_client_properties());
  const auto name = unique_name("it-kafka-rf");
  try {
    admin.create_topics({{name, 1, 50, {}}}, domain::Deadline::after(10s));
    FAIL() << "expected an error";
  } catch (const domain::Error& e) {
    EXPECT_EQ(e.kind(), domain::ErrorKind::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace products::testing
