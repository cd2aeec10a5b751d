#include <set>
#include <string>
#include <utility>

#include <yaml-cpp/yaml.h>

#include "rest_fixture.hpp"

namespace products::adapters::http::testing {
namespace {

using Operation = std::pair<std::string, std::string>;  // method, path

// `{productId}` and `{id}` name the same segment: only the place of a placeholder matters.
std::string unnamed(const std::string& path) {
  std::string out;
  bool in_placeholder = false;
  for (const char c : path) {
    if (c == '{') {
      in_placeholder = true;
      out += "{}";
    } else if (c == '}') {
      in_placeholder = false;
    } else if (!in_placeholder) {
      out += c;
    }
  }
  return out;
}

std::set<Operation> documented_operations(const YAML::Node& document) {
  static const std::set<std::string> kMethods{"get", "put", "post", "delete", "patch", "head", "options", "trace"};
  std::set<Operation> operations;
  for (const auto& path : document["paths"]) {
    for (const auto& entry : path.second) {
      auto method = entry.first.as<std::string>();
      if (!kMethods.contains(method)) continue;  // `parameters`, `summary`, …
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      operations.emplace(method, unnamed(path.first.as<std::string>()));
    }
  }
  return operations;
}

class OpenApiTest : public RestFixture {};

// api/openapi.yaml describes exactly the routes the REST server serves (HEAD and OPTIONS, which
// every path answers, are described once in its introduction).
TEST_F(OpenApiTest, DescribesEveryRouteAndNoOther) {
  const auto document = YAML::LoadFile(std::string(PRODUCTS_SOURCE_DIR) + "/api/openapi.yaml");
  std::set<Operation> served;
  for (const auto& [method, pattern] : api_.routes()) {
    served.emplace(std::string(beast_http::to_string(method)), unnamed(pattern));
  }
  ASSERT_GE(served.size(), 8u);
  EXPECT_EQ(documented_operations(document), served);
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
