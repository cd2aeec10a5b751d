#include "adapters/telemetry/traced_product_cache.hpp"

#include <gtest/gtest.h>

#include "support/fakes/fake_product_cache.hpp"
#include "support/fakes/recording_span_processor.hpp"
#include "support/fakes/sample_product.hpp"

namespace products::adapters::telemetry {
namespace {

using namespace std::chrono_literals;
using products::testing::attribute_of;

TEST(TracedProductCacheTest, EachCallForTheActiveSpanIsARedisCommandSpan) {
  products::testing::RecordingSpanProcessor processor;
  const Tracer tracer(Sampler(1.0), &processor);
  products::testing::FakeProductCache inner;
  TracedProductCache cache(inner, tracer, {"redis", "0", "", "127.0.0.1", 6379});
  const auto product = products::testing::sample_product();
  const auto deadline = domain::Deadline::after(1s);

  cache.put(product, deadline);  // no active span: no trace of its own
  EXPECT_TRUE(processor.ended().empty());
  EXPECT_EQ(inner.puts, 1);

  const SpanContext parent(SpanContext::random_trace_id(), SpanContext::random_span_id(), true);
  {
    const ActiveContext::Scope scope(parent);
    cache.put(product, deadline);
    EXPECT_EQ(cache.get(product.id, deadline), product);
    cache.invalidate(product.id, deadline);
    const std::vector ids{product.id};
    cache.invalidate_many(ids, deadline);
    inner.fail_get = true;
    EXPECT_THROW(cache.get(product.id, deadline), domain::Error);
  }
  const auto ended = processor.ended();
  ASSERT_EQ(ended.size(), 5u);
  const std::vector<std::string> names = {"SET", "GET", "DEL", "DEL", "GET"};
  for (std::size_t i = 0; i < ended.size(); ++i) {
    EXPECT_EQ(ended[i].name, names[i]);
    EXPECT_EQ(ended[i].kind, SpanKind::Client);
    EXPECT_EQ(ended[i].parent_span_id, parent.span_id());
    EXPECT_EQ(attribute_of(ended[i], "db.system"), AttributeValue(std::string("redis")));
    EXPECT_EQ(attribute_of(ended[i], "db.namespace"), AttributeValue(std::string("0")));
    EXPECT_FALSE(attribute_of(ended[i], "db.collection.name")) << "Redis has no collections";
  }
  EXPECT_EQ(ended[1].status, SpanStatus::Unset);
  EXPECT_EQ(ended[4].status, SpanStatus::Error);
}

TEST(TracedProductCacheTest, AnUnsampledTraceOrTracingOffMakesNoSpanButTheCallGoesThrough) {
  products::testing::RecordingSpanProcessor processor;
  const Tracer tracer(Sampler(1.0), &processor);
  const Tracer off(Sampler(1.0), nullptr);
  products::testing::FakeProductCache inner;
  TracedProductCache cache(inner, tracer, {"redis", "0", "", "127.0.0.1", 6379});
  TracedProductCache untraced(inner, off, {"redis", "0", "", "127.0.0.1", 6379});
  const auto product = products::testing::sample_product();
  {
    const ActiveContext::Scope scope(SpanContext(SpanContext::random_trace_id(), SpanContext::random_span_id(), false));
    cache.put(product, domain::Deadline::after(1s));
  }
  {
    const ActiveContext::Scope scope(SpanContext(SpanContext::random_trace_id(), SpanContext::random_span_id(), true));
    untraced.put(product, domain::Deadline::after(1s));
  }
  EXPECT_EQ(inner.puts, 2);
  EXPECT_TRUE(processor.ended().empty());
}

}  // namespace
}  // namespace products::adapters::telemetry
