#include "adapters/telemetry/otlp_http_sink.hpp"

#include <gtest/gtest.h>

#include "domain/error.hpp"
#include "support/fakes/fake_otlp_collector.hpp"

namespace products::adapters::telemetry {
namespace {

using namespace std::chrono_literals;

using products::testing::FakeOtlpCollector;

OtlpProtoEncoder encoder() { return OtlpProtoEncoder({}, "test", "0"); }

// A batch of one span, encoded by the sink as BatchExporter has it done.
bool send_one_span(OtlpHttpSink& sink) {
  SpanData span;
  span.context = SpanContext(SpanContext::random_trace_id(), SpanContext::random_span_id(), true);
  std::string encoded;
  sink.encode(span, encoded);
  return sink.send({encoded, 1}, domain::Deadline::after(5s));
}

TEST(OtlpHttpSink, PostsToTheTracesPathUnderTheEndpoint) {
  EXPECT_EQ(OtlpHttpSink("http://127.0.0.1:4318", encoder()).target(), "/v1/traces");
  EXPECT_EQ(OtlpHttpSink("http://127.0.0.1:4318/", encoder()).target(), "/v1/traces");
  EXPECT_EQ(OtlpHttpSink("http://collector:4318/otlp", encoder()).target(), "/otlp/v1/traces");
  EXPECT_EQ(OtlpHttpSink("http://collector:4318/otlp/v1/traces", encoder()).target(), "/otlp/v1/traces");
}

TEST(OtlpHttpSink, RefusesEndpointsItCannotReach) {
  for (const char* bad : {"127.0.0.1:4318", "https://127.0.0.1:4318", "http://127.0.0.1", "http://:4318", "http://host:"}) {
    EXPECT_THROW(OtlpHttpSink(bad, encoder()), domain::Error) << bad;
  }
}

TEST(OtlpHttpSink, ReportsAnUnreachableCollectorWithinTheDeadline) {
  // Port 9 (discard) is closed on loopback here: the connection is refused at once.
  OtlpHttpSink sink("http://127.0.0.1:9", encoder());
  EXPECT_FALSE(send_one_span(sink));
}

TEST(OtlpHttpSink, KeepsOneConnectionForSuccessiveBatches) {
  FakeOtlpCollector collector;
  OtlpHttpSink sink(collector.endpoint(), encoder());
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(send_one_span(sink)) << i;
  EXPECT_EQ(collector.requests(), 3);
  EXPECT_EQ(collector.connections(), 1);
}

TEST(OtlpHttpSink, SendsAgainOnAFreshConnectionWhenTheCollectorClosedTheKeptOne) {
  FakeOtlpCollector collector(/*close_after_answer=*/true);
  OtlpHttpSink sink(collector.endpoint(), encoder());
  EXPECT_TRUE(send_one_span(sink));
  EXPECT_TRUE(send_one_span(sink)) << "the closed connection must not lose the batch";
  EXPECT_EQ(collector.requests(), 2);
  EXPECT_EQ(collector.connections(), 2);
}

}  // namespace
}  // namespace products::adapters::telemetry
