#include "adapters/telemetry/tracing.hpp"

#include <gtest/gtest.h>

#include "domain/error.hpp"

namespace products::adapters::telemetry {
namespace {

using namespace std::chrono_literals;

TracingOptions options(std::string endpoint, double sample_ratio = 1.0) {
  TracingOptions options;
  options.endpoint = std::move(endpoint);
  options.sample_ratio = sample_ratio;
  return options;
}

TEST(Tracing, IsOffWithoutAnEndpoint) {
  Tracing tracing(TracingOptions{});
  EXPECT_FALSE(tracing.enabled());
  EXPECT_FALSE(tracing.tracer().enabled());
  auto span = tracing.tracer().start_span("GET /health", SpanKind::Server);
  EXPECT_FALSE(span.recording());
  EXPECT_TRUE(span.context().valid());
  span.end();
  EXPECT_EQ(tracing.spans_dropped(), 0u);
  tracing.shutdown(domain::Deadline::after(1s));
}

TEST(Tracing, RecordsSampledSpansWithAnEndpoint) {
  // Port 9 refuses at once: what is sent fails, nothing hangs.
  Tracing tracing(options("http://127.0.0.1:9"));
  EXPECT_TRUE(tracing.enabled());
  auto span = tracing.tracer().start_span("GET /health", SpanKind::Server);
  EXPECT_TRUE(span.recording());
  span.end();
  tracing.shutdown(domain::Deadline::after(5s));
  EXPECT_EQ(tracing.spans_dropped(), 0u);
}

TEST(Tracing, FollowsTheSampleRatioForRoots) {
  Tracing tracing(options("http://127.0.0.1:9", 0.0));
  EXPECT_FALSE(tracing.tracer().start_span("GET /health", SpanKind::Server).recording());
}

TEST(Tracing, RefusesAnEndpointItCannotUse) {
  EXPECT_THROW(Tracing(options("localhost:4318")), domain::Error);
}

}  // namespace
}  // namespace products::adapters::telemetry
