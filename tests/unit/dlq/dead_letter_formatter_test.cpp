#include "dlq/dead_letter_formatter.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "adapters/kafka/dead_letter_publisher.hpp"

namespace products::tools::dlq {
namespace {

using adapters::kafka::DeadLetter;
using adapters::kafka::DeadLetterPublisher;
using adapters::kafka::Record;

DeadLetter sample(std::string value) {
  Record original;
  original.topic = "create-product";
  original.partition = 2;
  original.offset = 41;
  original.key = "65a1b2c3d4e5f60718293a4b";
  original.value = std::move(value);
  original.headers = {{"issued-at", "17"}};
  auto written = DeadLetterPublisher::dead_letter(original, "dlq", "price: must be positive", 3);
  written.partition = 1;
  written.offset = 7;
  written.timestamp_ms = 1'700'000'000'123;
  return DeadLetter(written);
}

TEST(DeadLetterFormatterTest, LineSaysWhereWhenWhichKeyFromWhereAndWhy) {
  EXPECT_EQ(DeadLetterFormatter::line(sample("{}")),
            "1:7 2023-11-14T22:13:20.123Z key=65a1b2c3d4e5f60718293a4b from=create-product[2]@41 attempts=3 "
            "error=price: must be positive");
}

TEST(DeadLetterFormatterTest, LineMarksWhatTheHeadersDoNotSay) {
  Record foreign;
  foreign.partition = 0;
  foreign.offset = 3;
  EXPECT_EQ(DeadLetterFormatter::line(DeadLetter(foreign)), "0:3 - key=(null) from=?[?]@? attempts=? error=?");
}

TEST(DeadLetterFormatterTest, JsonHasEveryFieldOfTheLine) {
  const auto object = boost::json::parse(DeadLetterFormatter::json(sample("{}"))).as_object();
  EXPECT_EQ(object.at("partition").as_int64(), 1);
  EXPECT_EQ(object.at("offset").as_int64(), 7);
  EXPECT_EQ(object.at("key").as_string(), "65a1b2c3d4e5f60718293a4b");
  EXPECT_EQ(object.at("originalTopic").as_string(), "create-product");
  EXPECT_EQ(object.at("originalPartition").as_int64(), 2);
  EXPECT_EQ(object.at("originalOffset").as_int64(), 41);
  EXPECT_EQ(object.at("error").as_string(), "price: must be positive");
  EXPECT_EQ(object.at("attempts").as_int64(), 3);
  EXPECT_EQ(object.at("timestamp").as_string(), "2023-11-14T22:13:20.123Z");
}

TEST(DeadLetterFormatterTest, JsonIsOneLineWithNullForMissingHeaders) {
  const auto text = DeadLetterFormatter::json(DeadLetter(Record{}));
  EXPECT_EQ(text.find('\n'), std::string::npos);
  const auto object = boost::json::parse(text).as_object();
  for (const char* name : {"key", "originalTopic", "originalPartition", "originalOffset", "error", "attempts", "timestamp"}) {
    EXPECT_TRUE(object.at(name).is_null()) << name;
  }
}

TEST(DeadLetterFormatterTest, DetailsShowEveryHeaderAndAJsonValueAsText) {
  const auto text = DeadLetterFormatter::details(sample(R"({"name":"Lamp"})"));
  for (const char* part : {"dlq 1:7", "issued-at: 17", "dlq-topic: create-product", "dlq-partition: 2", "dlq-offset: 41",
                           "dlq-error: price: must be positive", "dlq-attempts: 3", "value (15 bytes)\n{\"name\":\"Lamp\"}\n"}) {
    EXPECT_NE(text.find(part), std::string::npos) << part << " missing in\n" << text;
  }
}

TEST(DeadLetterFormatterTest, ValueThatIsNotJsonIsHex) {
  EXPECT_EQ(DeadLetterFormatter::value_text("{not json"), "0x7b6e6f74206a736f6e");
  EXPECT_EQ(DeadLetterFormatter::value_text("\"\xff\""), "0x22ff22") << "JSON, but not UTF-8";
  EXPECT_EQ(DeadLetterFormatter::value_text(R"([1,"é"])"), R"([1,"é"])");
}

TEST(DeadLetterFormatterTest, UnprintableBytesAreHex) {
  EXPECT_EQ(DeadLetterFormatter::printable("Lamp é"), "Lamp é");
  EXPECT_EQ(DeadLetterFormatter::printable(std::string("a\0b", 3)), "0x610062");
  EXPECT_EQ(DeadLetterFormatter::printable("line\nbreak"), "0x6c696e650a627265616b");
  EXPECT_EQ(DeadLetterFormatter::printable("\xc3"), "0xc3");
}

}  // namespace
}  // namespace products::tools::dlq
