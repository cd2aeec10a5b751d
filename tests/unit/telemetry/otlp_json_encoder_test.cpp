#include "adapters/telemetry/otlp_json_encoder.hpp"

#include <gtest/gtest.h>

#include "adapters/telemetry/w3c_trace_context.hpp"

namespace products::adapters::telemetry {
namespace {

using namespace std::chrono_literals;

std::chrono::system_clock::time_point at_nanos(std::int64_t nanos) {
  return std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
      std::chrono::nanoseconds(nanos)));
}

OtlpJsonEncoder encoder() {
  return OtlpJsonEncoder({{"service.name", std::string("products-service")}}, "products-service", "0.1.0");
}

TEST(OtlpJsonEncoder, EncodesAChildSpanAsOtlpJson) {
  SpanData span;
  span.context = *W3cTraceContext::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "rojo=1");
  span.parent_span_id = {0x53, 0x99, 0x5c, 0x3f, 0x42, 0xcd, 0x8a, 0xd8};
  span.name = "products.commands publish";
  span.kind = SpanKind::Producer;
  span.start = at_nanos(1700000000123456789);
  span.end = at_nanos(1700000000223456789);
  span.status = SpanStatus::Error;
  span.status_message = "broker down";
  span.attributes = {{"messaging.system", std::string("kafka")},
                     {"messaging.kafka.destination.partition", std::int64_t{3}},
                     {"ratio", 0.5},
                     {"retry", true}};
  span.events = {{"retry", at_nanos(1700000000200000000), {{"attempt", std::int64_t{2}}}}};

  EXPECT_EQ(encoder().encode({span}),
            R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"products-service"}}]},)"
            R"("scopeSpans":[{"scope":{"name":"products-service","version":"0.1.0"},"spans":[{)"
            R"("traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","traceState":"rojo=1",)"
            R"("parentSpanId":"53995c3f42cd8ad8","name":"products.commands publish","kind":4,)"
            R"("startTimeUnixNano":"1700000000123456789","endTimeUnixNano":"1700000000223456789",)"
            R"("attributes":[{"key":"messaging.system","value":{"stringValue":"kafka"}},)"
            R"({"key":"messaging.kafka.destination.partition","value":{"intValue":"3"}},)"
            R"({"key":"ratio","value":{"doubleValue":5E-1}},{"key":"retry","value":{"boolValue":true}}],)"
            R"("events":[{"timeUnixNano":"1700000000200000000","name":"retry","attributes":[{"key":"attempt","value":{"intValue":"2"}}]}],)"
            R"("status":{"code":2,"message":"broker down"}}]}]}]})");
}

TEST(OtlpJsonEncoder, ARootSpanHasNoParentAndAnUnsetStatus) {
  SpanData span;
  span.context = *W3cTraceContext::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  span.name = "GET /health";
  span.kind = SpanKind::Server;
  span.start = at_nanos(1000);
  span.end = at_nanos(2000);
  EXPECT_EQ(encoder().encode({span}),
            R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"products-service"}}]},)"
            R"("scopeSpans":[{"scope":{"name":"products-service","version":"0.1.0"},"spans":[{)"
            R"("traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","name":"GET /health","kind":2,)"
            R"("startTimeUnixNano":"1000","endTimeUnixNano":"2000","status":{"code":0}}]}]}]})");
}

}  // namespace
}  // namespace products::adapters::telemetry
