#pragma once

#include <optional>
#include <string>

#include "adapters/http/router.hpp"

namespace products::adapters::http {

// /swagger/index.html: Swagger UI over this API. The UI's scripts and styles come from the
// swagger-ui-dist package on a public CDN (the browser fetches them); the OpenAPI file itself is
// served from here, at /swagger/openapi.yaml, so the document always matches the running service.
class SwaggerHandlers {
 public:
  // Reads the OpenAPI file once. Without it the service still runs: the document answers 404 and
  // the problem is logged, since API docs are no reason to refuse traffic.
  explicit SwaggerHandlers(const std::string& openapi_file);

  void add_routes(Router& router);

 private:
  std::optional<std::string> document_;
};

}  // namespace products::adapters::http
