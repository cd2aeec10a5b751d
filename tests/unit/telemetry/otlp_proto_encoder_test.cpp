#include "adapters/telemetry/otlp_proto_encoder.hpp"

#include <bit>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "adapters/telemetry/w3c_trace_context.hpp"

namespace products::adapters::telemetry {
namespace {

// A protobuf message read back field by field, as any OTLP receiver reads it: varints and fixed64
// as numbers, length-delimited fields as their bytes (a string or a nested message).
struct Fields {
  std::multimap<int, std::uint64_t> numbers;
  std::multimap<int, std::string> bytes;

  std::uint64_t number(int field) const { return numbers.count(field) == 1 ? numbers.find(field)->second : ~0ull; }
  std::string text(int field) const { return bytes.count(field) == 1 ? bytes.find(field)->second : "<absent>"; }
  std::vector<std::string> all(int field) const {
    std::vector<std::string> out;
    for (auto [it, end] = bytes.equal_range(field); it != end; ++it) out.push_back(it->second);
    return out;
  }
};

std::uint64_t read_varint(const std::string& in, std::size_t& at) {
  std::uint64_t value = 0;
  for (int shift = 0;; shift += 7) {
    if (at >= in.size() || shift > 63) throw std::runtime_error("truncated varint");
    const auto byte = static_cast<std::uint8_t>(in[at++]);
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return value;
  }
}

Fields parse(const std::string& in) {
  Fields out;
  for (std::size_t at = 0; at < in.size();) {
    const auto key = read_varint(in, at);
    const int number = static_cast<int>(key >> 3);
    switch (key & 7) {
      case 0: out.numbers.emplace(number, read_varint(in, at)); break;
      case 1: {
        if (at + 8 > in.size()) throw std::runtime_error("truncated fixed64");
        std::uint64_t value = 0;
        for (int i = 7; i >= 0; --i) value = (value << 8) | static_cast<std::uint8_t>(in[at + i]);
        out.numbers.emplace(number, value);
        at += 8;
        break;
      }
      case 2: {
        const auto size = read_varint(in, at);
        if (at + size > in.size()) throw std::runtime_error("truncated bytes");
        out.bytes.emplace(number, in.substr(at, size));
        at += size;
        break;
      }
      default: throw std::runtime_error("unexpected wire type " + std::to_string(key & 7));
    }
  }
  return out;
}

std::string hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

// KeyValue list as key → the AnyValue message's fields.
std::map<std::string, Fields> key_values(const std::vector<std::string>& encoded) {
  std::map<std::string, Fields> out;
  for (const auto& kv : encoded) {
    const auto fields = parse(kv);
    out.emplace(fields.text(1), parse(fields.text(2)));
  }
  return out;
}

std::chrono::system_clock::time_point at_nanos(std::int64_t nanos) {
  return std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
      std::chrono::nanoseconds(nanos)));
}

OtlpProtoEncoder encoder() {
  return OtlpProtoEncoder({{"service.name", std::string("products-service")}}, "products-service", "0.1.0");
}

// As BatchExporter does it: each span appended as it ends, the batch wrapped when it is sent.
std::string encoded(const std::vector<SpanData>& spans, const OtlpProtoEncoder& with = encoder()) {
  std::string appended;
  for (const auto& span : spans) with.append_span(span, appended);
  std::string request;
  with.encode(appended, request);
  return request;
}

// The spans of an ExportTraceServiceRequest, after checking its one resource and scope.
std::vector<Fields> spans_of(const std::string& request) {
  const auto top = parse(request);
  EXPECT_EQ(top.all(1).size(), 1u) << "one ResourceSpans";
  const auto resource_spans = parse(top.text(1));
  const auto resource = key_values(parse(resource_spans.text(1)).all(1));
  EXPECT_EQ(resource.at("service.name").text(1), "products-service");
  const auto scope_spans = parse(resource_spans.text(2));
  const auto scope = parse(scope_spans.text(1));
  EXPECT_EQ(scope.text(1), "products-service");
  EXPECT_EQ(scope.text(2), "0.1.0");
  std::vector<Fields> spans;
  for (const auto& span : scope_spans.all(2)) spans.push_back(parse(span));
  return spans;
}

TEST(OtlpProtoEncoder, EncodesEveryFieldOfAChildSpan) {
  SpanData span;
  span.context = *W3cTraceContext::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "rojo=1");
  span.parent_span_id = {0x53, 0x99, 0x5c, 0x3f, 0x42, 0xcd, 0x8a, 0xd8};
  span.name = "send create-product";
  span.kind = SpanKind::Producer;
  span.start = at_nanos(1700000000123456789);
  span.end = at_nanos(1700000000223456789);
  span.status = SpanStatus::Error;
  span.status_message = "broker down";
  span.attributes = {{"messaging.system", std::string("kafka")},
                     {"messaging.kafka.offset", std::int64_t{3}},
                     {"negative", std::int64_t{-2}},
                     {"ratio", 0.5},
                     {"retry", true}};
  span.events = {{"retry", at_nanos(1700000000200000000), {{"attempt", std::int64_t{2}}}}};

  const auto spans = spans_of(encoded({span}));
  ASSERT_EQ(spans.size(), 1u);
  const auto& s = spans[0];
  EXPECT_EQ(hex(s.text(1)), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(hex(s.text(2)), "00f067aa0ba902b7");
  EXPECT_EQ(s.text(3), "rojo=1");
  EXPECT_EQ(hex(s.text(4)), "53995c3f42cd8ad8");
  EXPECT_EQ(s.text(5), "send create-product");
  EXPECT_EQ(s.number(6), 4u) << "SPAN_KIND_PRODUCER";
  EXPECT_EQ(s.number(7), 1700000000123456789u);
  EXPECT_EQ(s.number(8), 1700000000223456789u);

  const auto attributes = key_values(s.all(9));
  ASSERT_EQ(attributes.size(), 5u);
  EXPECT_EQ(attributes.at("messaging.system").text(1), "kafka");
  EXPECT_EQ(attributes.at("messaging.kafka.offset").number(3), 3u);
  EXPECT_EQ(static_cast<std::int64_t>(attributes.at("negative").number(3)), -2) << "int64 as two's complement";
  EXPECT_EQ(std::bit_cast<double>(attributes.at("ratio").number(4)), 0.5);
  EXPECT_EQ(attributes.at("retry").number(2), 1u);

  ASSERT_EQ(s.all(11).size(), 1u);
  const auto event = parse(s.text(11));
  EXPECT_EQ(event.number(1), 1700000000200000000u);
  EXPECT_EQ(event.text(2), "retry");
  EXPECT_EQ(key_values(event.all(3)).at("attempt").number(3), 2u);

  const auto status = parse(s.text(15));
  EXPECT_EQ(status.text(2), "broker down");
  EXPECT_EQ(status.number(3), 2u) << "STATUS_CODE_ERROR";
}

TEST(OtlpProtoEncoder, ARootSpanHasNoParentNoTraceStateAndAnUnsetStatus) {
  SpanData span;
  span.context = *W3cTraceContext::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  span.name = "GET /api/v1/products/{id}";
  span.kind = SpanKind::Server;
  span.start = at_nanos(1000);
  span.end = at_nanos(2000);
  const auto spans = spans_of(encoded({span}));
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].bytes.count(3), 0u);
  EXPECT_EQ(spans[0].bytes.count(4), 0u);
  EXPECT_EQ(spans[0].bytes.count(9), 0u);
  EXPECT_EQ(spans[0].number(6), 2u) << "SPAN_KIND_SERVER";
  const auto status = parse(spans[0].text(15));
  EXPECT_TRUE(status.numbers.empty()) << "STATUS_CODE_UNSET is the default, left out";
  EXPECT_TRUE(status.bytes.empty());
}

TEST(OtlpProtoEncoder, ABatchKeepsItsSpansInOrderUnderOneResourceAndScope) {
  std::vector<SpanData> batch(300);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    batch[i].context = SpanContext(SpanContext::random_trace_id(), SpanContext::random_span_id(), true);
    batch[i].name = "span " + std::to_string(i);
    batch[i].kind = SpanKind::Internal;
  }
  const auto spans = spans_of(encoded(batch));
  ASSERT_EQ(spans.size(), batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) EXPECT_EQ(spans[i].text(5), batch[i].name);
}

TEST(OtlpProtoEncoder, MessagesLongerThanALengthByteKeepTheirBytes) {
  SpanData span;
  span.context = SpanContext(SpanContext::random_trace_id(), SpanContext::random_span_id(), true);
  span.attributes = {{"short", std::string(100, 'a')}, {"two.bytes", std::string(200, 'b')},
                     {"three.bytes", std::string(20000, 'c')}};
  const auto spans = spans_of(encoded({span}));
  ASSERT_EQ(spans.size(), 1u);
  const auto attributes = key_values(spans[0].all(9));
  EXPECT_EQ(attributes.at("short").text(1), std::string(100, 'a'));
  EXPECT_EQ(attributes.at("two.bytes").text(1), std::string(200, 'b'));
  EXPECT_EQ(attributes.at("three.bytes").text(1), std::string(20000, 'c'));
}

TEST(OtlpProtoEncoder, AppendsSpansAfterWhatIsThereAndAReusedRequestHoldsOnlyTheLastBatch) {
  auto reused = encoder();
  std::vector<SpanData> first(300), second(1);
  for (auto* batch : {&first, &second}) {
    for (std::size_t i = 0; i < batch->size(); ++i) {
      (*batch)[i].context = SpanContext(SpanContext::random_trace_id(), SpanContext::random_span_id(), true);
      (*batch)[i].name = (batch == &first ? "first " : "second ") + std::to_string(i);
    }
  }
  std::string first_spans, second_spans, request;
  for (const auto& span : first) reused.append_span(span, first_spans);
  second_spans = "kept";  // append_span appends: what was there stays in front
  reused.append_span(second[0], second_spans);
  EXPECT_EQ(second_spans.substr(0, 4), "kept");
  reused.encode(first_spans, request);
  reused.encode(std::string_view(second_spans).substr(4), request);
  const auto spans = spans_of(request);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].text(5), "second 0");
}

}  // namespace
}  // namespace products::adapters::telemetry
