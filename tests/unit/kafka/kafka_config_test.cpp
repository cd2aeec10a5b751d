#include "adapters/kafka/kafka_config.hpp"

#include <gtest/gtest.h>

#include "adapters/kafka/kafka_command_publisher.hpp"
#include "domain/error.hpp"

namespace products::adapters::kafka {
namespace {

using domain::Error;
using domain::ErrorKind;

void expect_invalid_naming(const std::function<void()>& action, const std::string& name) {
  try {
    action();
    FAIL() << "expected an error naming " << name;
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
  }
}

TEST(KafkaConfigTest, UnknownPropertyIsRejectedNamingIt) {
  expect_invalid_naming([] { KafkaConfig().set("no.such.property", "1"); }, "no.such.property");
}

TEST(KafkaConfigTest, BadValueIsRejectedNamingTheKeyButNotTheValue) {
  try {
    KafkaConfig({{"bootstrap.servers", "x:1"}, {"linger.ms", "secret-ish"}});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("linger.ms"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("secret-ish"), std::string::npos) << e.what();
    EXPECT_EQ(e.fields().count("linger.ms"), 1u);
  }
}

TEST(KafkaConfigTest, ContradictorySettingsAreRejectedWhenTheClientIsMade) {
  KafkaConfig config({{"enable.idempotence", "true"}, {"acks", "1"}});
  expect_invalid_naming([&] { std::move(config).create(RD_KAFKA_PRODUCER); }, "acks");
}

TEST(KafkaConfigTest, PublisherRejectsUnknownCompression) {
  PublisherOptions options;
  options.brokers = "127.0.0.1:1";
  options.compression = "gzip";
  expect_invalid_naming([&] { KafkaCommandPublisher publisher(options); }, "kafka.compression");
}

TEST(KafkaConfigTest, PublisherAcceptsEverySupportedCompression) {
  for (const auto* codec : {"lz4", "snappy", "zstd", "none"}) {
    PublisherOptions options;
    options.brokers = "127.0.0.1:1";
    options.compression = codec;
    EXPECT_NO_THROW(KafkaCommandPublisher publisher(options)) << codec;
  }
}

}  // namespace
}  // namespace products::adapters::kafka
