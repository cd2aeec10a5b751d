#include "adapters/telemetry/otlp_http_sink.hpp"

#include <gtest/gtest.h>

#include "domain/error.hpp"

namespace products::adapters::telemetry {
namespace {

using namespace std::chrono_literals;

OtlpProtoEncoder encoder() { return OtlpProtoEncoder({}, "test", "0"); }

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
  SpanData span;
  span.context = SpanContext(SpanContext::random_trace_id(), SpanContext::random_span_id(), true);
  EXPECT_FALSE(sink.send({span}, domain::Deadline::after(5s)));
}

}  // namespace
}  // namespace products::adapters::telemetry
