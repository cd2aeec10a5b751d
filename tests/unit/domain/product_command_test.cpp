#include "domain/product_command.hpp"

#include <chrono>

#include <gtest/gtest.h>

namespace products::domain {
namespace {

TEST(ProductCommandTest, TypeNames) {
  EXPECT_STREQ(to_string(CommandType::Create), "create");
  EXPECT_STREQ(to_string(CommandType::Update), "update");
  EXPECT_STREQ(to_string(CommandType::Delete), "delete");
}

TEST(ProductCommandTest, VersionIsMicrosecondsSinceTheEpoch) {
  const auto before = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const auto version = version_now();
  const auto after = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  EXPECT_GE(version, before);
  EXPECT_LE(version, after);
}

TEST(ProductCommandTest, DefaultIsACreateWithoutVersionOrTrace) {
  const ProductCommand command;
  EXPECT_EQ(command.type, CommandType::Create);
  EXPECT_EQ(command.version, 0);
  EXPECT_TRUE(command.trace.traceparent.empty());
  EXPECT_TRUE(command.trace.tracestate.empty());
}

}  // namespace
}  // namespace products::domain
