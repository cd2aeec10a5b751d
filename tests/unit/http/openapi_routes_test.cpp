#include <set>
#include <string>

#include <yaml-cpp/yaml.h>

#include "rest_fixture.hpp"
#include "support/openapi_operations.hpp"

namespace products::adapters::http::testing {
namespace {

using products::testing::openapi_operations;
using products::testing::operation_name;

class OpenApiTest : public RestFixture {};

// api/openapi.yaml describes exactly the routes the REST server serves (HEAD and OPTIONS, which
// every path answers, are described once in its introduction).
TEST_F(OpenApiTest, DescribesEveryRouteAndNoOther) {
  std::set<std::string> served;
  for (const auto& [method, pattern] : api_.routes()) {
    served.insert(operation_name(std::string(beast_http::to_string(method)), pattern));
  }
  ASSERT_GE(served.size(), 8u);
  EXPECT_EQ(openapi_operations(), served);
}

TEST_F(OpenApiTest, EveryDocumentedOperationNamesItsAnswers) {
  const auto document = YAML::LoadFile(std::string(PRODUCTS_SOURCE_DIR) + "/api/openapi.yaml");
  for (const auto& path : document["paths"]) {
    for (const auto& entry : path.second) {
      if (entry.first.as<std::string>() == "parameters") continue;
      const auto responses = entry.second["responses"];
      ASSERT_TRUE(responses && responses.IsMap()) << path.first << " " << entry.first;
      bool success = false;
      for (const auto& response : responses) success |= response.first.as<std::string>().front() <= '3';
      EXPECT_TRUE(success) << path.first << " " << entry.first << " documents no 2xx/3xx answer";
      EXPECT_TRUE(entry.second["operationId"]) << path.first << " " << entry.first;
    }
  }
}

}  // namespace
}  // namespace products::adapters::http::testing
