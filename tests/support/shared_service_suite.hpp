#pragma once

#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "support/service_log_checks.hpp"
#include "support/service_under_test.hpp"

namespace products::testing {

// A test suite whose tests share one instance of the binary, in a namespace of its own: started
// before the first test, stopped by SIGTERM after the last. Stopping cleanly, with a clean log, is
// itself checked: it also says the sanitizers saw nothing wrong in the service. `Suite` (the
// derived class) gives each suite its own instance.
template <class Suite>
class SharedServiceSuite : public ::testing::Test {
 public:
  // What the instance's environment adds to ServiceUnderTest's. A suite that needs more (TLS
  // certificates, a tracing endpoint) hides this with its own, public so that this class sees it.
  static std::map<std::string, std::string> service_env() { return {}; }

 protected:
  static void SetUpTestSuite() {
    service_ = std::make_unique<ServiceUnderTest>(ServiceNamespace::fresh(), Suite::service_env());
    ready_ = service_->wait_ready();
  }

  static void TearDownTestSuite() {
    if (service_) {
      EXPECT_TRUE(stops_cleanly(*service_, SIGTERM, std::chrono::seconds(30)));
    }
    service_.reset();
  }

  void SetUp() override { ASSERT_TRUE(ready_) << "the service did not become ready"; }

  static inline std::unique_ptr<ServiceUnderTest> service_;
  static inline bool ready_ = false;
};

}  // namespace products::testing
