#include "adapters/telemetry/active_context.hpp"

#include <thread>

#include <gtest/gtest.h>

namespace products::adapters::telemetry {
namespace {

SpanContext some_context() { return {SpanContext::random_trace_id(), SpanContext::random_span_id(), true}; }

TEST(ActiveContextTest, NothingIsActiveUntilAScopeOpens) { EXPECT_FALSE(ActiveContext::current().valid()); }

TEST(ActiveContextTest, ScopesNestAndRestoreTheOuterContext) {
  const auto outer = some_context();
  const auto inner = some_context();
  {
    const ActiveContext::Scope outer_scope(outer);
    EXPECT_EQ(ActiveContext::current().span_id(), outer.span_id());
    {
      const ActiveContext::Scope inner_scope(inner);
      EXPECT_EQ(ActiveContext::current().span_id(), inner.span_id());
    }
    EXPECT_EQ(ActiveContext::current().span_id(), outer.span_id());
  }
  EXPECT_FALSE(ActiveContext::current().valid());
}

TEST(ActiveContextTest, AnInvalidContextHidesTheOuterOne) {
  const ActiveContext::Scope outer(some_context());
  const ActiveContext::Scope none{SpanContext{}};
  EXPECT_FALSE(ActiveContext::current().valid());
}

TEST(ActiveContextTest, EachThreadHasItsOwn) {
  const ActiveContext::Scope scope(some_context());
  bool other_thread_saw_one = true;
  std::thread([&] { other_thread_saw_one = ActiveContext::current().valid(); }).join();
  EXPECT_FALSE(other_thread_saw_one);
  EXPECT_TRUE(ActiveContext::current().valid());
}

}  // namespace
}  // namespace products::adapters::telemetry
