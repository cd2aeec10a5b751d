#include "adapters/telemetry/sampler.hpp"

#include <gtest/gtest.h>

namespace products::adapters::telemetry {
namespace {

SpanContext parent(bool sampled) {
  return SpanContext(SpanContext::random_trace_id(), SpanContext::random_span_id(), sampled);
}

// A trace id whose low 8 bytes (the ones the ratio reads) are `low`.
TraceId trace_id_with_low(std::uint64_t low) {
  TraceId id{};
  id[0] = 1;
  for (int i = 15; i >= 8; --i, low >>= 8) id[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(low);
  return id;
}

TEST(Sampler, FollowsTheParentWhateverTheRatio) {
  for (double ratio : {0.0, 0.5, 1.0}) {
    const Sampler sampler(ratio);
    EXPECT_TRUE(sampler.should_sample(parent(true), SpanContext::random_trace_id())) << ratio;
    EXPECT_FALSE(sampler.should_sample(parent(false), SpanContext::random_trace_id())) << ratio;
  }
}

TEST(Sampler, RootsFollowTheRatio) {
  EXPECT_TRUE(Sampler(1.0).should_sample(std::nullopt, trace_id_with_low(~0ULL)));
  EXPECT_FALSE(Sampler(0.0).should_sample(std::nullopt, trace_id_with_low(0)));
  const Sampler half(0.5);
  EXPECT_TRUE(half.should_sample(std::nullopt, trace_id_with_low(0x7fffffffffffffffULL)));
  EXPECT_FALSE(half.should_sample(std::nullopt, trace_id_with_low(0x8000000000000000ULL)));
}

TEST(Sampler, AnInvalidParentCountsAsNone) {
  EXPECT_TRUE(Sampler(1.0).should_sample(SpanContext(), SpanContext::random_trace_id()));
  EXPECT_FALSE(Sampler(0.0).should_sample(SpanContext(), SpanContext::random_trace_id()));
}

TEST(Sampler, ClampsTheRatio) {
  EXPECT_EQ(Sampler(7.0).ratio(), 1.0);
  EXPECT_EQ(Sampler(-1.0).ratio(), 0.0);
}

TEST(Sampler, SamplesAboutTheRatioOfRandomRoots) {
  const Sampler sampler(0.25);
  int sampled = 0;
  constexpr int kRoots = 20000;
  for (int i = 0; i < kRoots; ++i) sampled += sampler.should_sample(std::nullopt, SpanContext::random_trace_id());
  // 0.25 ± 0.02: more than six standard deviations for 20000 draws.
  EXPECT_NEAR(static_cast<double>(sampled) / kRoots, 0.25, 0.02);
}

}  // namespace
}  // namespace products::adapters::telemetry
