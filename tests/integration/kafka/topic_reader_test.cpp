#include "adapters/kafka/topic_reader.hpp"

#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "adapters/kafka/consumer.hpp"
#include "domain/error.hpp"
#include "integration/kafka/kafka_fixtures.hpp"

namespace products::adapters::kafka {
namespace {

using namespace std::chrono_literals;
using testing::kafka_client_properties;
using testing::ScratchTopics;
using testing::send_all;

Record keyed(const std::string& topic, const std::string& key, const std::string& value) {
  Record record;
  record.topic = topic;
  record.key = key;
  record.value = value;
  record.headers = {{"h", value}};
  return record;
}

TEST(TopicReaderTest, ReadsEveryPartitionUpToTheEndItHadAndNoFurther) {
  ScratchTopics topics({"reader"});
  std::vector<Record> first;
  for (int i = 0; i < 12; ++i) first.push_back(keyed(topics[0], fmt::format("key-{}", i), fmt::format("v{}", i)));
  send_all(first);

  TopicReader reader(kafka_client_properties());
  const auto ranges = reader.ranges(topics[0], domain::Deadline::after(20s));
  ASSERT_EQ(ranges.size(), 3u);
  // Written after the ends were taken: not read.
  send_all({keyed(topics[0], "late", "late")});

  std::map<std::string, std::string> values;
  for (const auto& range : ranges) {
    EXPECT_EQ(range.begin, 0);
    std::int64_t expected_offset = range.begin;
    reader.read(topics[0], range, domain::Deadline::after(20s), [&](Record record) {
      EXPECT_EQ(record.partition, range.partition);
      EXPECT_EQ(record.offset, expected_offset++) << "in offset order, none skipped";
      ASSERT_EQ(record.headers.size(), 1u);
      EXPECT_EQ(record.headers.front().value, record.value);
      EXPECT_TRUE(record.timestamp_ms);
      values[*record.key] = record.value;
    });
    EXPECT_EQ(expected_offset, range.end);
  }
  EXPECT_EQ(values.size(), first.size());
  EXPECT_EQ(values.count("late"), 0u);
  for (const auto& record : first) EXPECT_EQ(values[*record.key], record.value);
}

TEST(TopicReaderTest, ReadsOneOffsetAlone) {
  ScratchTopics topics({"reader-one"}, 1);
  send_all({keyed(topics[0], "a", "0"), keyed(topics[0], "b", "1"), keyed(topics[0], "c", "2")});
  TopicReader reader(kafka_client_properties());
  std::vector<std::string> keys;
  reader.read(topics[0], {0, 1, 2}, domain::Deadline::after(20s), [&](Record record) { keys.push_back(*record.key); });
  EXPECT_EQ(keys, std::vector<std::string>{"b"});
}

TEST(TopicReaderTest, CommitsNothingUnderAnyGroup) {
  ScratchTopics topics({"reader-commit"}, 1);
  send_all({keyed(topics[0], "a", "0")});
  {
    TopicReader reader(kafka_client_properties());
    for (const auto& range : reader.ranges(topics[0], domain::Deadline::after(20s))) {
      reader.read(topics[0], range, domain::Deadline::after(20s), [](Record) {});
    }
  }
  KafkaConfig config(kafka_client_properties());
  config.set("group.id", "products-topic-reader");
  Consumer consumer(std::move(config), {[](const auto&) {}, [](const auto&, bool) {}});
  EXPECT_TRUE(consumer.committed({{topics[0], 0}}, domain::Deadline::after(20s)).empty());
}

TEST(TopicReaderTest, AMissingTopicIsNotFound) {
  TopicReader reader(kafka_client_properties());
  try {
    reader.ranges(testing::unique_name("no-such-topic"), domain::Deadline::after(20s));
    FAIL() << "no error";
  } catch (const domain::Error& e) {
    EXPECT_EQ(e.kind(), domain::ErrorKind::NotFound) << e.what();
  }
}

TEST(TopicReaderTest, NoBrokerIsATransientErrorByTheDeadline) {
  TopicReader reader(Properties{{"bootstrap.servers", "127.0.0.1:1"}});
  try {
    reader.ranges("any", domain::Deadline::after(2s));
    FAIL() << "no error";
  } catch (const domain::Error& e) {
    EXPECT_TRUE(e.transient()) << e.what();
  }
}

}  // namespace
}  // namespace products::adapters::kafka
