#include "adapters/grpc/grpc_log.hpp"

#include <string>
#include <vector>

#include <grpc/support/log.h>
#include <gtest/gtest.h>

#include "support/captured_log.hpp"

namespace products::adapters::grpc {
namespace {

using testing::CapturedLog;

// gRPC logs nothing before grpc_init reads GRPC_VERBOSITY (errors only by default); the service's
// gRPC server does that, these tests do it themselves.
class GrpcLogTest : public ::testing::Test {
 protected:
  GrpcLogTest() { gpr_log_verbosity_init(); }
};

TEST_F(GrpcLogTest, GrpcsLinesReachSpdlogAtTheirLevelWithTheirSource) {
  CapturedLog log;
  {
    const GrpcLog grpc_log;
    gpr_log("chttp2_transport.cc", 42, GPR_LOG_SEVERITY_ERROR, "closed: %s %d", "reset", 7);
    gpr_log_message("server.cc", 9, GPR_LOG_SEVERITY_ERROR, "plain");
  }
  EXPECT_EQ(log.lines(), (std::vector<std::string>{"error|grpc chttp2_transport.cc:42: closed: reset 7\n",
                                                   "error|grpc server.cc:9: plain\n"}));
}

TEST_F(GrpcLogTest, AfterItGoesGrpcsLinesNoLongerReachSpdlog) {
  CapturedLog log;
  { const GrpcLog grpc_log; }
  ::testing::internal::CaptureStderr();
  gpr_log("after.cc", 1, GPR_LOG_SEVERITY_ERROR, "to stderr");
  const auto stderr_text = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(log.lines().empty());
  EXPECT_NE(stderr_text.find("after.cc:1] to stderr"), std::string::npos) << stderr_text;
}

}  // namespace
}  // namespace products::adapters::grpc
