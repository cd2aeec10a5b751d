#include "adapters/kafka/kafka_command_publisher.hpp"

#include <atomic>
#include <chrono>
#include <map>

#include <gtest/gtest.h>

#include "adapters/kafka/command_codec.hpp"
#include "adapters/kafka/traceparent.hpp"
#include "integration/kafka/kafka_fixtures.hpp"
#include "support/fakes/sample_product.hpp"

namespace products::testing {
namespace {

using namespace std::chrono_literals;
using adapters::kafka::CommandCodec;
using adapters::kafka::CommandTopics;
using adapters::kafka::Consumer;
using adapters::kafka::KafkaCommandPublisher;
using adapters::kafka::PublisherOptions;
using domain::CommandType;

TEST(KafkaCommandPublisherTest, PublishedCommandsArriveOnTheirTopicsAndDecodeToTheSameCommands) {
  ScratchTopics topics({"it-pub-create", "it-pub-update", "it-pub-delete"});
  PublisherOptions options;
  options.brokers = kafka_brokers();
  options.topics = CommandTopics{topics[0], topics[1], topics[2]};
  for (const auto* compression : {"lz4", "zstd"}) {
    options.compression = compression;
    KafkaCommandPublisher publisher(options);
    EXPECT_TRUE(publisher.ping(domain::Deadline::after(5s)));

    std::map<CommandType, domain::ProductCommand> published;
    std::atomic<int> acknowledged{0};
    const auto id = domain::ObjectId::generate();
    for (auto type : {CommandType::Create, CommandType::Update, CommandType::Delete}) {
      domain::ProductCommand command;
      command.type = type;
      command.product = sample_product(id.hex());
      if (type == CommandType::Delete) command.product = domain::Product{id, {}, {}, {}};
      command.version = domain::version_now();
      command.traceparent = type == CommandType::Update ? "" : adapters::kafka::Traceparent::generate();
      published[type] = command;
      publisher.publish(command, domain::Deadline::after(10s), [&](std::exception_ptr error) {
        EXPECT_FALSE(error);
        ++acknowledged;
      });
    }
    ASSERT_TRUE(wait_until([&] { return acknowledged == 3; }, 15s)) << compression;
    EXPECT_TRUE(publisher.flush(domain::Deadline::after(5s)));

    Consumer consumer(test_consumer_config(unique_name("it-pub-group")), {[](auto&) {}, [](auto&, bool) {}});
    consumer.subscribe(options.topics.all());
    const CommandCodec codec(options.topics);
    std::map<CommandType, domain::ProductCommand> received;
    wait_until(
        [&] {
          if (auto record = consumer.poll(100ms)) {
            if (record->key == id.hex()) {
              auto command = codec.decode(*record);
              received[command.type] = command;
            }
          }
          return received.size() == 3;
        },
        20s, 0ms);
    ASSERT_EQ(received.size(), 3u) << compression;
    for (const auto& [type, command] : published) {
      const auto& got = received[type];
      EXPECT_EQ(got.product, command.product);
      EXPECT_EQ(got.version, command.version);
      if (command.traceparent.empty()) {
        EXPECT_TRUE(adapters::kafka::Traceparent::valid(got.traceparent));
      } else {
        EXPECT_EQ(got.traceparent, command.traceparent);
      }
    }
  }
}

TEST(KafkaCommandPublisherTest, UnreachableClusterIsNotReady) {
  PublisherOptions options;
  options.brokers = "127.0.0.1:1";
  KafkaCommandPublisher publisher(options);
  EXPECT_FALSE(publisher.ping(domain::Deadline::after(300ms)));
}

}  // namespace
}  // namespace products::testing
