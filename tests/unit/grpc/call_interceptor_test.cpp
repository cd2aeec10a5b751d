#include <string_view>

#include <gtest/gtest.h>

#include "adapters/grpc/call_interceptor.hpp"
#include "products.grpc.pb.h"

namespace products::adapters::grpc {
namespace {

TEST(CallInterceptorTest, KnownMethodsAreSplitIntoServiceAndMethod) {
  std::string_view service, method;
  ASSERT_TRUE(CallInterceptorFactory::known_method("/productsService.ProductsService/GetByID", service, method));
  EXPECT_EQ(service, "productsService.ProductsService");
  EXPECT_EQ(method, "GetByID");
  ASSERT_TRUE(CallInterceptorFactory::known_method("/grpc.health.v1.Health/Check", service, method));
  EXPECT_EQ(service, "grpc.health.v1.Health");
  EXPECT_EQ(method, "Check");
}

TEST(CallInterceptorTest, UnknownMethodsAreNotReportedSoThatLabelsStayBounded) {
  std::string_view service, method;
  EXPECT_FALSE(CallInterceptorFactory::known_method("/productsService.ProductsService/Bogus", service, method));
  EXPECT_FALSE(CallInterceptorFactory::known_method("/no.Such/Method", service, method));
  EXPECT_FALSE(CallInterceptorFactory::known_method("/grpc.health.v1.Health/List", service, method));
  EXPECT_FALSE(CallInterceptorFactory::known_method("not-a-path", service, method));
  EXPECT_FALSE(CallInterceptorFactory::known_method("/no-slash", service, method));
}

}  // namespace
}  // namespace products::adapters::grpc
