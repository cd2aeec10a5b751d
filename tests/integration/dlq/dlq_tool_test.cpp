#include "dlq/dlq_tool.hpp"

#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "adapters/kafka/dead_letter_publisher.hpp"
#include "adapters/kafka/topic_reader.hpp"
#include "integration/kafka/kafka_fixtures.hpp"

namespace products::tools::dlq {
namespace {

using namespace std::chrono_literals;
using adapters::kafka::DeadLetterPublisher;
using adapters::kafka::Record;
using testing::kafka_brokers;
using testing::kafka_client_properties;
using testing::ScratchTopics;

// A dead-letter topic (one partition, so that offsets alone name records) and an original topic,
// with two dead letters written by the service's own publisher.
class DlqToolTest : public ::testing::Test {
 protected:
  DlqToolTest() : topics_({"dlq-tool", "dlq-tool-original"}, 1) {}

  void SetUp() override {
    DeadLetterPublisher publisher(kafka_client_properties(), topics_[0]);
    publisher.publish(original("k1", R"({"name":"Lamp"})", 4), "price: must be positive", 3, domain::Deadline::after(20s));
    publisher.publish(original("k2", "{not json", 5), "value is not JSON", 1, domain::Deadline::after(20s));
  }

  Record original(const std::string& key, const std::string& value, std::int64_t offset) const {
    Record record;
    record.topic = topics_[1];
    record.partition = 0;
    record.offset = offset;
    record.key = key;
    record.value = value;
    record.headers = {{"issued-at", "17"}, {"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}};
    return record;
  }

  DlqOptions options(DlqOptions::Command command) const {
    DlqOptions o;
    o.command = command;
    o.brokers = kafka_brokers();
    o.dead_letter_topic = topics_[0];
    return o;
  }

  int run(const DlqOptions& o) {
    out_.str("");
    err_.str("");
    return DlqTool(o, out_, err_).run();
  }

  std::vector<std::string> out_lines() const {
    std::vector<std::string> lines;
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  // Everything the original topic holds now.
  std::vector<Record> original_topic() const {
    adapters::kafka::TopicReader reader(kafka_client_properties());
    std::vector<Record> records;
    for (const auto& range : reader.ranges(topics_[1], domain::Deadline::after(20s))) {
      reader.read(topics_[1], range, domain::Deadline::after(20s), [&](Record r) { records.push_back(std::move(r)); });
    }
    return records;
  }

  ScratchTopics topics_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(DlqToolTest, ListJsonNamesEveryDeadLetterAndFiltersSelect) {
  auto o = options(DlqOptions::Command::List);
  o.json = true;
  ASSERT_EQ(run(o), 0) << err_.str();
  const auto lines = out_lines();
  ASSERT_EQ(lines.size(), 2u) << out_.str();
  const auto first = boost::json::parse(lines[0]).as_object();
  EXPECT_EQ(first.at("offset").as_int64(), 0);
  EXPECT_EQ(first.at("key").as_string(), "k1");
  EXPECT_EQ(first.at("originalTopic").as_string(), topics_[1]);
  EXPECT_EQ(first.at("originalOffset").as_int64(), 4);
  EXPECT_EQ(first.at("error").as_string(), "price: must be positive");
  EXPECT_EQ(first.at("attempts").as_int64(), 3);
  EXPECT_EQ(boost::json::parse(lines[1]).as_object().at("key").as_string(), "k2");

  o.json = false;
  o.filter.error = "not JSON";
  ASSERT_EQ(run(o), 0) << err_.str();
  ASSERT_EQ(out_lines().size(), 1u) << out_.str();
  EXPECT_EQ(out_lines()[0].rfind("0:1 ", 0), 0u) << out_.str();
  EXPECT_NE(out_lines()[0].find("key=k2"), std::string::npos) << out_.str();

  o.filter = {};
  o.filter.until_ms = 0;
  ASSERT_EQ(run(o), 0) << err_.str();
  EXPECT_TRUE(out_lines().empty()) << out_.str();
}

TEST_F(DlqToolTest, ShowPrintsHeadersAndValue) {
  auto o = options(DlqOptions::Command::Show);
  o.address = {std::nullopt, 1};
  ASSERT_EQ(run(o), 0) << err_.str();
  for (const std::string& part : std::vector<std::string>{"key          k2", "dlq-error: value is not JSON", "issued-at: 17",
                                                          "dlq-topic: " + topics_[1], "0x7b6e6f74206a736f6e"}) {
    EXPECT_NE(out_.str().find(part), std::string::npos) << part << " missing in\n" << out_.str();
  }
}

TEST_F(DlqToolTest, ShowOfAnOffsetThatIsNotThereFails) {
  auto o = options(DlqOptions::Command::Show);
  o.address = {0, 2};
  EXPECT_EQ(run(o), DlqTool::kFailed);
  EXPECT_NE(err_.str().find("no dead letter at 0:2"), std::string::npos) << err_.str();
  o.address = {3, 0};
  EXPECT_EQ(run(o), DlqTool::kFailed);
  EXPECT_NE(err_.str().find("no dead letter at 3:0"), std::string::npos) << err_.str();
}

TEST_F(DlqToolTest, DryRunProducesNothingAndReplayProducesTheOriginalWithoutDlqHeaders) {
  auto o = options(DlqOptions::Command::Replay);
  o.filter.key = "k1";
  o.dry_run = true;
  ASSERT_EQ(run(o), 0) << err_.str();
  EXPECT_NE(out_.str().find("would replay 0:0 -> " + topics_[1] + " key=k1"), std::string::npos) << out_.str();
  EXPECT_TRUE(original_topic().empty());

  o.dry_run = false;
  ASSERT_EQ(run(o), 0) << err_.str();
  EXPECT_NE(out_.str().find("replayed 0:0 -> " + topics_[1] + " key=k1"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("replayed 1 of 1"), std::string::npos) << out_.str();
  const auto replayed = original_topic();
  ASSERT_EQ(replayed.size(), 1u);
  const auto expected = original("k1", R"({"name":"Lamp"})", 4);
  EXPECT_EQ(replayed[0].key, expected.key);
  EXPECT_EQ(replayed[0].value, expected.value);
  EXPECT_EQ(replayed[0].headers, expected.headers);
}

TEST_F(DlqToolTest, ReplayOfNamedOffsetsChecksThemAllFirst) {
  auto o = options(DlqOptions::Command::Replay);
  o.offsets = {{0, 1}, {0, 7}};
  EXPECT_EQ(run(o), DlqTool::kFailed);
  EXPECT_NE(err_.str().find("no dead letter at 0:7"), std::string::npos) << err_.str();
  EXPECT_TRUE(original_topic().empty()) << "nothing replayed when one offset is missing";

  o.offsets = {{0, 1}};
  ASSERT_EQ(run(o), 0) << err_.str();
  const auto replayed = original_topic();
  ASSERT_EQ(replayed.size(), 1u);
  EXPECT_EQ(replayed[0].key, "k2");
}

TEST_F(DlqToolTest, UnreachableBrokersFailWithinTheDeadlineNamingThem) {
  auto o = options(DlqOptions::Command::List);
  o.brokers = "127.0.0.1:1";
  o.timeout = 2s;
  EXPECT_EQ(run(o), DlqTool::kFailed);
  EXPECT_NE(err_.str().find("no answer from the Kafka brokers 127.0.0.1:1 within 2 s"), std::string::npos)
      << err_.str();
}

TEST_F(DlqToolTest, AMissingDeadLetterTopicIsNamed) {
  auto o = options(DlqOptions::Command::List);
  o.dead_letter_topic = testing::unique_name("no-such-dlq");
  EXPECT_EQ(run(o), DlqTool::kFailed);
  EXPECT_NE(err_.str().find(o.dead_letter_topic + " does not exist"), std::string::npos) << err_.str();
}

}  // namespace
}  // namespace products::tools::dlq
