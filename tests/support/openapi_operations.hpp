#pragma once

#include <set>
#include <string>

namespace products::testing {

// The operations api/openapi.yaml describes, as "GET /api/v1/products/{}": the method in upper
// case and the path with its placeholders unnamed, since only their places matter.
std::set<std::string> openapi_operations();

// "METHOD path" in that form, for comparing a route or a rendered operation with the document.
std::string operation_name(const std::string& method, const std::string& path);

}  // namespace products::testing
