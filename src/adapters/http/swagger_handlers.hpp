#pragma once

#include <string>

#include "adapters/http/router.hpp"
#include "adapters/http/static_files.hpp"

namespace products::adapters::http {

// /swagger/: Swagger UI over this API, every file from the service itself (no CDN): the page,
// scripts and styles of swagger-ui-dist from `ui_dir` (scripts/swagger-ui.sh installs them), and
// the OpenAPI document at /swagger/openapi.yaml, so that the page always matches the running
// service. /swagger and /swagger/ lead to /swagger/index.html.
class SwaggerHandlers {
 public:
  // Reads the files once. Without them the service still runs: what is missing answers 404 and the
  // problem is logged, since API docs are no reason to refuse traffic.
  SwaggerHandlers(const std::string& ui_dir, const std::string& openapi_file);

  void add_routes(Router& router);

 private:
  StaticFiles files_;
};

}  // namespace products::adapters::http
