#include "adapters/kafka/command_codec.hpp"

#include <limits>

#include <gtest/gtest.h>

#include "adapters/telemetry/w3c_trace_context.hpp"
#include "domain/error.hpp"
#include "support/fakes/sample_product.hpp"

namespace products::adapters::kafka {
namespace {

using domain::CommandType;
using domain::Error;
using domain::ErrorKind;
using domain::ProductCommand;

constexpr const char* kTraceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
constexpr const char* kId = "65a1b2c3d4e5f60718293a4b";

ProductCommand command(CommandType type, std::string traceparent = kTraceparent) {
  ProductCommand out;
  out.type = type;
  out.product = products::testing::sample_product(kId);
  if (type == CommandType::Delete) {
    out.product = {};
    out.product.id = *domain::ObjectId::parse(kId);
  }
  out.version = 1'700'000'000'123'456;
  out.trace.traceparent = std::move(traceparent);
  return out;
}

void set_header(Record& record, std::string_view name, std::string value) {
  for (auto& header : record.headers) {
    if (header.name == name) header.value = std::move(value);
  }
}

void remove_header(Record& record, std::string_view name) {
  std::erase_if(record.headers, [&](const Header& header) { return header.name == name; });
}

// The field the error names, so each case proves it failed for the right reason.
std::string failing_field(const CommandCodec& codec, const Record& record) {
  try {
    codec.decode(record);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument) << e.what();
    return e.fields().empty() ? std::string("<none>") : e.fields().begin()->first;
  }
  ADD_FAILURE() << "decoded without error";
  return {};
}

class CommandCodecTest : public ::testing::Test {
 protected:
  CommandCodec codec_;
};

TEST_F(CommandCodecTest, EncodesTopicKeyHeadersAndTimestampByCommandType) {
  const auto record = codec_.encode(command(CommandType::Update));
  EXPECT_EQ(record.topic, "update-product");
  EXPECT_EQ(record.partition, -1);
  EXPECT_EQ(record.key, kId);
  ASSERT_NE(record.header("traceparent"), nullptr);
  EXPECT_EQ(*record.header("traceparent"), kTraceparent);
  ASSERT_NE(record.header("issued-at"), nullptr);
  EXPECT_EQ(*record.header("issued-at"), "1700000000123456");
  ASSERT_NE(record.header("command"), nullptr);
  EXPECT_EQ(*record.header("command"), "update");
  EXPECT_EQ(record.timestamp_ms, 1'700'000'000'123);
  EXPECT_EQ(codec_.encode(command(CommandType::Create)).topic, "create-product");
  EXPECT_EQ(codec_.encode(command(CommandType::Delete)).topic, "delete-product");
}

TEST_F(CommandCodecTest, DeleteValueCarriesOnlyTheProductId) {
  const auto record = codec_.encode(command(CommandType::Delete));
  EXPECT_EQ(record.value, std::string(R"({"productId":")") + kId + "\"}");
  EXPECT_EQ(*record.header("command"), "delete");
}

TEST_F(CommandCodecTest, RoundTripsEveryCommandType) {
  for (auto type : {CommandType::Create, CommandType::Update, CommandType::Delete}) {
    const auto original = command(type);
    const auto decoded = codec_.decode(codec_.encode(original));
    EXPECT_EQ(decoded.type, original.type);
    EXPECT_EQ(decoded.product, original.product);
    EXPECT_EQ(decoded.version, original.version);
    EXPECT_EQ(decoded.trace.traceparent, original.trace.traceparent);
  }
}

TEST_F(CommandCodecTest, ConfiguredTopicNamesAreUsedBothWays) {
  CommandCodec codec(CommandTopics{"c", "u", "d"});
  const auto record = codec.encode(command(CommandType::Delete));
  EXPECT_EQ(record.topic, "d");
  EXPECT_EQ(codec.decode(record).type, CommandType::Delete);
  EXPECT_EQ(failing_field(codec_, record), "topic");
}

TEST_F(CommandCodecTest, MissingOrInvalidTraceparentStartsANewTrace) {
  for (const auto* incoming : {"", "not-a-traceparent"}) {
    const auto record = codec_.encode(command(CommandType::Create, incoming));
    ASSERT_NE(record.header("traceparent"), nullptr);
    EXPECT_TRUE(telemetry::W3cTraceContext::parse(*record.header("traceparent"))) << *record.header("traceparent");
    EXPECT_EQ(record.header("tracestate"), nullptr);
  }
}

TEST_F(CommandCodecTest, TracestateTravelsWithAValidTraceparentOnly) {
  auto with_state = command(CommandType::Create);
  with_state.trace.tracestate = "vendor=opaque";
  const auto record = codec_.encode(with_state);
  ASSERT_NE(record.header("tracestate"), nullptr);
  EXPECT_EQ(*record.header("tracestate"), "vendor=opaque");
  const auto decoded = codec_.decode(record);
  EXPECT_EQ(decoded.trace.traceparent, kTraceparent);
  EXPECT_EQ(decoded.trace.tracestate, "vendor=opaque");

  auto orphan = command(CommandType::Create, "garbage");
  orphan.trace.tracestate = "vendor=opaque";
  EXPECT_EQ(codec_.encode(orphan).header("tracestate"), nullptr);
}

TEST_F(CommandCodecTest, AGivenTraceContextReplacesTheCommandsOwn) {
  const auto publisher_span = *telemetry::W3cTraceContext::parse(
      "00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01", "vendor=publisher");
  const auto record = codec_.encode(command(CommandType::Create), publisher_span);
  ASSERT_NE(record.header("traceparent"), nullptr);
  EXPECT_EQ(*record.header("traceparent"), "00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01");
  ASSERT_NE(record.header("tracestate"), nullptr);
  EXPECT_EQ(*record.header("tracestate"), "vendor=publisher");
  EXPECT_EQ(record.headers.size(), 4u) << "one traceparent, not the command's and the span's";
  EXPECT_EQ(record.topic, codec_.topics().create);
}

TEST_F(CommandCodecTest, TraceContextNamesTheRecordsSpan) {
  const auto context = CommandCodec::trace_context(codec_.encode(command(CommandType::Update)));
  ASSERT_TRUE(context);
  EXPECT_EQ(context->trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(context->span_id_hex(), "00f067aa0ba902b7");
  EXPECT_TRUE(context->sampled());
}

TEST_F(CommandCodecTest, DecodingDropsAnInvalidTraceparentButKeepsTheCommand) {
  auto record = codec_.encode(command(CommandType::Create));
  set_header(record, "traceparent", "garbage");
  EXPECT_EQ(codec_.decode(record).trace.traceparent, "");
  EXPECT_FALSE(CommandCodec::trace_context(record));
  remove_header(record, "traceparent");
  EXPECT_EQ(codec_.decode(record).trace.traceparent, "");
}

TEST_F(CommandCodecTest, MissingIssuedAtFallsBackToTheRecordTimestampInMicroseconds) {
  auto record = codec_.encode(command(CommandType::Update));
  remove_header(record, "issued-at");
  record.timestamp_ms = 1'700'000'999'000;
  EXPECT_EQ(codec_.decode(record).version, 1'700'000'999'000'000);
}

TEST_F(CommandCodecTest, MissingIssuedAtWithoutTimestampIsRejected) {
  auto record = codec_.encode(command(CommandType::Update));
  remove_header(record, "issued-at");
  record.timestamp_ms.reset();
  EXPECT_EQ(failing_field(codec_, record), "issued-at");
}

// Found by tests/fuzz/command_codec: a producer's timestamp too large for a version in µs
// overflowed it (undefined behaviour) instead of being rejected.
TEST_F(CommandCodecTest, MissingIssuedAtWithATimestampTooLargeForMicrosecondsIsRejected) {
  constexpr auto kLargest = std::numeric_limits<std::int64_t>::max() / 1000;
  auto record = codec_.encode(command(CommandType::Update));
  remove_header(record, "issued-at");
  record.timestamp_ms = kLargest;
  EXPECT_EQ(codec_.decode(record).version, kLargest * 1000);
  for (const auto too_large : {kLargest + 1, std::numeric_limits<std::int64_t>::max()}) {
    record.timestamp_ms = too_large;
    EXPECT_EQ(failing_field(codec_, record), "issued-at") << too_large;
  }
}

TEST_F(CommandCodecTest, MalformedIssuedAtIsRejected) {
  for (const auto* bad : {"", "abc", "-5", "0", "12x", " 12", "99999999999999999999999"}) {
    auto record = codec_.encode(command(CommandType::Create));
    set_header(record, "issued-at", bad);
    EXPECT_EQ(failing_field(codec_, record), "issued-at") << bad;
  }
}

TEST_F(CommandCodecTest, UnknownTopicIsRejected) {
  auto record = codec_.encode(command(CommandType::Create));
  record.topic = "other";
  EXPECT_EQ(failing_field(codec_, record), "topic");
}

TEST_F(CommandCodecTest, CommandHeaderContradictingTheTopicIsRejected) {
  auto record = codec_.encode(command(CommandType::Update));
  set_header(record, "command", "delete");
  EXPECT_EQ(failing_field(codec_, record), "command");
}

TEST_F(CommandCodecTest, RecordWithoutCommandHeaderIsDecodedByTopic) {
  auto record = codec_.encode(command(CommandType::Update));
  remove_header(record, "command");
  EXPECT_EQ(codec_.decode(record).type, CommandType::Update);
}

TEST_F(CommandCodecTest, MissingOrMalformedKeyIsRejected) {
  auto record = codec_.encode(command(CommandType::Create));
  record.key.reset();
  EXPECT_EQ(failing_field(codec_, record), "key");
  record.key = "not-an-object-id";
  EXPECT_EQ(failing_field(codec_, record), "key");
}

TEST_F(CommandCodecTest, KeyThatIsNotTheProductIdIsRejected) {
  for (auto type : {CommandType::Create, CommandType::Delete}) {
    auto record = codec_.encode(command(type));
    record.key = "000000000000000000000001";
    EXPECT_EQ(failing_field(codec_, record), "key");
  }
}

TEST_F(CommandCodecTest, ValueThatIsNotJsonIsRejected) {
  auto record = codec_.encode(command(CommandType::Create));
  record.value = "{not json";
  EXPECT_EQ(failing_field(codec_, record), "body");
  record = codec_.encode(command(CommandType::Delete));
  record.value = "{not json";
  EXPECT_EQ(failing_field(codec_, record), "value");
}

TEST_F(CommandCodecTest, ProductFailingValidationIsRejectedNamingTheField) {
  auto product = products::testing::sample_product(kId, "x");
  auto original = command(CommandType::Create);
  original.product = product;
  const auto record = codec_.encode(original);
  EXPECT_EQ(failing_field(codec_, record), "name");
}

TEST_F(CommandCodecTest, MalformedDeleteValuesAreRejected) {
  auto record = codec_.encode(command(CommandType::Delete));
  record.value = "[]";
  EXPECT_EQ(failing_field(codec_, record), "value");
  record.value = "{}";
  EXPECT_EQ(failing_field(codec_, record), "productId");
  record.value = R"({"productId": 5})";
  EXPECT_EQ(failing_field(codec_, record), "productId");
  record.value = std::string(R"({"productId":")") + kId + R"(","extra":1})";
  EXPECT_EQ(failing_field(codec_, record), "extra");
}

}  // namespace
}  // namespace products::adapters::kafka
