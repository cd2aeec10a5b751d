#include "support/openapi_operations.hpp"

#include <cctype>

#include <yaml-cpp/yaml.h>

namespace products::testing {

std::string operation_name(const std::string& method, const std::string& path) {
  std::string name;
  for (const char c : method) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  name += ' ';
  bool in_placeholder = false;
  for (const char c : path) {
    if (c == '{') {
      in_placeholder = true;
      name += "{}";
    } else if (c == '}') {
      in_placeholder = false;
    } else if (!in_placeholder) {
      name += c;
    }
  }
  return name;
}

std::set<std::string> openapi_operations() {
  static const std::set<std::string> kMethods{"get", "put", "post", "delete", "patch", "head", "options", "trace"};
  const auto document = YAML::LoadFile(std::string(PRODUCTS_SOURCE_DIR) + "/api/openapi.yaml");
  std::set<std::string> operations;
  for (const auto& path : document["paths"]) {
    for (const auto& entry : path.second) {
      const auto method = entry.first.as<std::string>();
      // Besides operations a path item holds `parameters`, `summary`, …
      if (kMethods.contains(method)) operations.insert(operation_name(method, path.first.as<std::string>()));
    }
  }
  return operations;
}

}  // namespace products::testing
