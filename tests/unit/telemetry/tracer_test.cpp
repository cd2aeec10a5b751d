#include "adapters/telemetry/tracer.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "adapters/telemetry/w3c_trace_context.hpp"
#include "support/fakes/recording_span_processor.hpp"

namespace products::adapters::telemetry {
namespace {

using RecordingProcessor = products::testing::RecordingSpanProcessor;

TEST(Tracer, ARootSpanStartsANewTraceAndRecordsOnEnd) {
  RecordingProcessor processor;
  const Tracer tracer(Sampler(1.0), &processor);
  auto span = tracer.start_span("GET /api/v1/products/{id}", SpanKind::Server);
  ASSERT_TRUE(span.recording());
  span.set_attribute("http.request.method", std::string("GET"));
  span.set_attribute("http.response.status_code", std::int64_t{200});
  span.add_event("cache.miss");
  span.end();
  span.end();  // ends once

  const auto ended = processor.ended();
  ASSERT_EQ(ended.size(), 1u);
  const auto& data = ended[0];
  EXPECT_TRUE(data.context.valid());
  EXPECT_TRUE(data.context.sampled());
  EXPECT_EQ(data.parent_span_id, SpanId{});
  EXPECT_EQ(data.name, "GET /api/v1/products/{id}");
  EXPECT_EQ(data.kind, SpanKind::Server);
  EXPECT_LE(data.start, data.end);
  ASSERT_EQ(data.attributes.size(), 2u);
  EXPECT_EQ(std::get<std::int64_t>(data.attributes[1].value), 200);
  ASSERT_EQ(data.events.size(), 1u);
  EXPECT_EQ(data.events[0].name, "cache.miss");
}

TEST(Tracer, AChildKeepsTheTraceAndNamesItsParent) {
  RecordingProcessor processor;
  const Tracer tracer(Sampler(0.0), &processor);
  const auto remote = W3cTraceContext::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "rojo=1");
  {
    auto span = tracer.start_span("process", SpanKind::Consumer, remote);
    EXPECT_EQ(span.context().trace_id(), remote->trace_id());
    EXPECT_NE(span.context().span_id(), remote->span_id());
    EXPECT_EQ(span.traceparent().substr(0, 36), "00-4bf92f3577b34da6a3ce929d0e0e4736-");
    EXPECT_EQ(span.traceparent().substr(52), "-01");
  }  // ends when destroyed
  ASSERT_EQ(processor.ended().size(), 1u);
  EXPECT_EQ(processor.ended()[0].parent_span_id, remote->span_id());
  EXPECT_EQ(processor.ended()[0].context.trace_state(), "rojo=1");
}

TEST(Tracer, AnUnsampledParentRecordsNothingButStillPropagates) {
  RecordingProcessor processor;
  const Tracer tracer(Sampler(1.0), &processor);
  const auto remote = W3cTraceContext::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
  auto span = tracer.start_span("process", SpanKind::Consumer, remote);
  EXPECT_FALSE(span.recording());
  EXPECT_EQ(span.context().trace_id(), remote->trace_id());
  EXPECT_EQ(span.traceparent().substr(52), "-00");
  span.end();
  EXPECT_TRUE(processor.ended().empty());
}

TEST(Tracer, WithoutAProcessorItIsOffButContextsStillPropagate) {
  const Tracer tracer(Sampler(1.0), nullptr);
  EXPECT_FALSE(tracer.enabled());
  auto root = tracer.start_span("root", SpanKind::Server);
  EXPECT_FALSE(root.recording());
  ASSERT_TRUE(W3cTraceContext::parse(root.traceparent()));
  const auto child = tracer.start_span("child", SpanKind::Internal, root.context());
  EXPECT_EQ(child.context().trace_id(), root.context().trace_id());
}

TEST(Tracer, AMovedSpanEndsOnce) {
  RecordingProcessor processor;
  const Tracer tracer(Sampler(1.0), &processor);
  {
    auto first = tracer.start_span("a", SpanKind::Internal);
    Span second = std::move(first);
    first.end();
    EXPECT_TRUE(processor.ended().empty());
    second.set_status(SpanStatus::Error, "boom");
  }
  ASSERT_EQ(processor.ended().size(), 1u);
  EXPECT_EQ(processor.ended()[0].status, SpanStatus::Error);
  EXPECT_EQ(processor.ended()[0].status_message, "boom");
}

}  // namespace
}  // namespace products::adapters::telemetry
