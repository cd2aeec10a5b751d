#include "adapters/telemetry/w3c_trace_context.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

namespace products::adapters::telemetry {
namespace {

constexpr const char* kValid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

TEST(W3cTraceContext, ParsesAValidHeader) {
  const auto context = W3cTraceContext::parse(kValid);
  ASSERT_TRUE(context);
  EXPECT_EQ(context->trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(context->span_id_hex(), "00f067aa0ba902b7");
  EXPECT_TRUE(context->sampled());
  EXPECT_TRUE(context->valid());
}

TEST(W3cTraceContext, ReadsTheSampledFlagOnly) {
  EXPECT_FALSE(W3cTraceContext::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")->sampled());
  // Unknown flag bits are ignored; bit 0 decides.
  EXPECT_TRUE(W3cTraceContext::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03")->sampled());
  EXPECT_FALSE(W3cTraceContext::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02")->sampled());
}

TEST(W3cTraceContext, RoundTripsThroughGeneration) {
  const auto context = W3cTraceContext::parse(kValid);
  ASSERT_TRUE(context);
  EXPECT_EQ(W3cTraceContext::traceparent(*context), kValid);
}

TEST(W3cTraceContext, IgnoresMalformedHeaders) {
  for (const char* bad : {
           "",
           "garbage",
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",        // no flags
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",      // short flags
           "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",     // uppercase
           "00-00000000000000000000000000000000-00f067aa0ba902b7-01",     // zero trace id
           "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",     // zero span id
           "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",     // forbidden version
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-xx",  // extra field in 00
           "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",     // wrong separators
           "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",     // not hex
           "0-04bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",     // shifted fields
       }) {
    EXPECT_FALSE(W3cTraceContext::parse(bad)) << bad;
  }
}

TEST(W3cTraceContext, ToleratesLaterVersionsWithMoreFields) {
  const auto context = W3cTraceContext::parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future");
  ASSERT_TRUE(context);
  EXPECT_EQ(context->trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_FALSE(W3cTraceContext::parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01future"));
}

TEST(W3cTraceContext, KeepsAValidTraceStateWithoutOptionalWhitespace) {
  const auto context = W3cTraceContext::parse(kValid, " rojo=00f067aa0ba902b7 ,, congo=t61rcWkgMzE,tenant@vendor=x ");
  ASSERT_TRUE(context);
  EXPECT_EQ(context->trace_state(), "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,tenant@vendor=x");
}

TEST(W3cTraceContext, DropsAMalformedTraceStateButKeepsTheParent) {
  for (const char* bad : {"novalue", "=x", "Upper=x", "a=b=c", "k=v,bad key=v"}) {
    const auto context = W3cTraceContext::parse(kValid, bad);
    ASSERT_TRUE(context) << bad;
    EXPECT_EQ(context->trace_state(), "") << bad;
  }
  std::string too_many;
  for (int i = 0; i < 33; ++i) too_many += fmt::format("k{}=v,", i);
  EXPECT_EQ(W3cTraceContext::parse(kValid, too_many)->trace_state(), "");
}

}  // namespace
}  // namespace products::adapters::telemetry
