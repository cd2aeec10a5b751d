#include "adapters/kafka/traceparent.hpp"

#include <set>

#include <gtest/gtest.h>

namespace products::adapters::kafka {
namespace {

constexpr const char* kValid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

TEST(TraceparentTest, AcceptsTheW3CExample) { EXPECT_TRUE(Traceparent::valid(kValid)); }

TEST(TraceparentTest, AcceptsUnsampledFlagsAndFutureVersionsWithExtraFields) {
  EXPECT_TRUE(Traceparent::valid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"));
  EXPECT_TRUE(Traceparent::valid("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
  EXPECT_TRUE(Traceparent::valid("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next"));
}

TEST(TraceparentTest, RejectsMalformedHeaders) {
  const char* cases[] = {
      "",
      "00",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",           // no flags
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",        // version 00 has nothing after the flags
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",         // uppercase
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",         // zero trace id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",         // zero parent id
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",         // forbidden version
      "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",         // wrong separators
      "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",         // not hex
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",        // extra field without a dash
  };
  for (const auto* text : cases) EXPECT_FALSE(Traceparent::valid(text)) << text;
}

TEST(TraceparentTest, GeneratesValidSampledDistinctRoots) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const auto traceparent = Traceparent::generate();
    ASSERT_TRUE(Traceparent::valid(traceparent)) << traceparent;
    EXPECT_EQ(traceparent.substr(0, 3), "00-");
    EXPECT_EQ(traceparent.substr(53), "01");
    seen.insert(traceparent.substr(3, 32));
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(TraceparentTest, OrGenerateKeepsValidAndReplacesInvalid) {
  EXPECT_EQ(Traceparent::or_generate(kValid), kValid);
  const auto replaced = Traceparent::or_generate("garbage");
  EXPECT_NE(replaced, "garbage");
  EXPECT_TRUE(Traceparent::valid(replaced));
  EXPECT_TRUE(Traceparent::valid(Traceparent::or_generate("")));
}

}  // namespace
}  // namespace products::adapters::kafka
