#include "adapters/kafka/kafka_command_publisher.hpp"

#include <atomic>
#include <chrono>
#include <map>

#include <gtest/gtest.h>

#include "adapters/kafka/command_codec.hpp"
#include "adapters/telemetry/w3c_trace_context.hpp"
#include "integration/kafka/kafka_fixtures.hpp"
#include "support/fakes/recording_span_processor.hpp"
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

constexpr const char* kClientTraceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

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
      if (type != CommandType::Update) command.trace.traceparent = kClientTraceparent;
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
      if (command.trace.traceparent.empty()) {
        EXPECT_TRUE(adapters::telemetry::W3cTraceContext::parse(got.trace.traceparent));
      } else {
        EXPECT_EQ(got.trace.traceparent, command.trace.traceparent);
      }
    }
  }
}

// With a tracer, every publish is a "send <topic>" producer span, the child of the command's
// trace, ended by the broker's acknowledgement; the record names that span, not the caller's.
TEST(KafkaCommandPublisherTest, TracedPublishRecordsAProducerSpanTheRecordNames) {
  ScratchTopics topics({"it-pubtrace-create", "it-pubtrace-update", "it-pubtrace-delete"});
  RecordingSpanProcessor processor;
  const adapters::telemetry::Tracer tracer(adapters::telemetry::Sampler(1.0), &processor);
  PublisherOptions options;
  options.brokers = kafka_brokers();
  options.topics = CommandTopics{topics[0], topics[1], topics[2]};
  options.tracer = &tracer;
  KafkaCommandPublisher publisher(options);

  domain::ProductCommand command;
  command.type = CommandType::Create;
  command.product = sample_product(domain::ObjectId::generate().hex());
  command.version = domain::version_now();
  command.trace.traceparent = kClientTraceparent;
  std::atomic<bool> acknowledged{false};
  publisher.publish(command, domain::Deadline::after(10s), [&](std::exception_ptr error) {
    EXPECT_FALSE(error);
    acknowledged = true;
  });
  ASSERT_TRUE(wait_until([&] { return acknowledged.load(); }, 15s));

  const auto span = processor.find("send " + topics[0]);
  ASSERT_TRUE(span) << "no producer span";
  EXPECT_EQ(span->kind, adapters::telemetry::SpanKind::Producer);
  EXPECT_EQ(span->context.trace_id_hex(), "0af7651916cd43dd8448eb211c80319c");
  EXPECT_EQ(adapters::telemetry::SpanContext::hex(span->parent_span_id), "b7ad6b7169203331");
  EXPECT_EQ(span->status, adapters::telemetry::SpanStatus::Unset);

  Consumer consumer(test_consumer_config(unique_name("it-pubtrace-group")), {[](auto&) {}, [](auto&, bool) {}});
  consumer.subscribe({topics[0]});
  std::optional<adapters::kafka::Record> received;
  wait_until(
      [&] {
        if (auto record = consumer.poll(100ms); record && record->key == command.product.id.hex()) received = record;
        return received.has_value();
      },
      20s, 0ms);
  ASSERT_TRUE(received);
  const auto carried = CommandCodec::trace_context(*received);
  ASSERT_TRUE(carried);
  EXPECT_EQ(carried->trace_id(), span->context.trace_id());
  EXPECT_EQ(carried->span_id(), span->context.span_id());
}

TEST(KafkaCommandPublisherTest, UnreachableClusterIsNotReady) {
  PublisherOptions options;
  options.brokers = "127.0.0.1:1";
  KafkaCommandPublisher publisher(options);
  EXPECT_FALSE(publisher.ping(domain::Deadline::after(300ms)));
}

}  // namespace
}  // namespace products::testing
