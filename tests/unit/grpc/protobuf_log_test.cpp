#include "adapters/grpc/protobuf_log.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/captured_log.hpp"
#include "support/product_proto_fixtures.hpp"
#include "unit/grpc/sample_requests.hpp"

namespace products::adapters::grpc {
namespace {

using testing::CapturedLog;

// What a client sends with `name` made invalid UTF-8, parsed as the service's request type.
bool parses_create_with_invalid_name() {
  const auto create = testing::valid_create();
  productsService::CreateReq parsed;
  return parsed.ParseFromString(testing::with_invalid_utf8(create, create.name()));
}

TEST(ProtobufLog, ARequestStringThatIsNotUtf8ReachesSpdlogAtDebug) {
  CapturedLog log;
  const ProtobufLog protobuf_log;
  EXPECT_FALSE(parses_create_with_invalid_name());
  const auto lines = log.lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].rfind("debug|protobuf ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find("String field 'productsService.CreateReq.Name' contains invalid UTF-8 data when parsing"),
            std::string::npos)
      << lines[0];
}

// Serializing one is the service's own mistake: protobuf's ERROR stays an error.
TEST(ProtobufLog, ProtobufsErrorsOtherwiseReachSpdlogAsErrors) {
  CapturedLog log;
  const ProtobufLog protobuf_log;
  auto create = testing::valid_create();
  create.set_name("\xff");
  static_cast<void>(create.SerializeAsString());
  const auto lines = log.lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].rfind("error|protobuf ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find("invalid UTF-8 data when serializing"), std::string::npos) << lines[0];
}

TEST(ProtobufLog, PutsBackTheHandlerItReplacedWhenItGoes) {
  CapturedLog log;
  { const ProtobufLog protobuf_log; }
  // protobuf's own handler writes to stderr.
  EXPECT_FALSE(parses_create_with_invalid_name());
  EXPECT_TRUE(log.lines().empty());
}

}  // namespace
}  // namespace products::adapters::grpc
