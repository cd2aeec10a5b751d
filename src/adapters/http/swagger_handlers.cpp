#include "adapters/http/swagger_handlers.hpp"

#include <fstream>
#include <sstream>

#include <boost/beast/http/field.hpp>
#include <spdlog/spdlog.h>

#include "adapters/http/responses.hpp"

namespace products::adapters::http {

namespace beast_http = boost::beast::http;
using beast_http::status;

namespace {

constexpr std::string_view kIndexPath = "/swagger/index.html";
constexpr std::string_view kDocumentPath = "/swagger/openapi.yaml";

// The version is pinned so that the page does not change under a running service.
constexpr std::string_view kIndexHtml = R"(<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>products-service API</title>
  <link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.11.0/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui">
    <noscript>Swagger UI needs JavaScript; the OpenAPI document is at
      <a href="/swagger/openapi.yaml">/swagger/openapi.yaml</a>.</noscript>
  </div>
  <script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.11.0/swagger-ui-bundle.js" crossorigin></script>
  <script>
    window.onload = () => {
      window.ui = SwaggerUIBundle({ url: "/swagger/openapi.yaml", dom_id: "#swagger-ui" });
    };
  </script>
</body>
</html>
)";

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Response text_response(std::string_view content_type, std::string_view body) {
  Response response{status::ok, 11};
  response.set(beast_http::field::content_type, content_type);
  response.body() = std::string(body);
  response.prepare_payload();
  return response;
}

Response redirect_to_index() {
  Response response{status::moved_permanently, 11};
  response.set(beast_http::field::location, kIndexPath);
  response.prepare_payload();
  return response;
}

}  // namespace

SwaggerHandlers::SwaggerHandlers(const std::string& openapi_file) : document_(read_file(openapi_file)) {
  if (!document_) {
    spdlog::warn("http: cannot read the OpenAPI file '{}' (http openapi_file); {} answers 404", openapi_file,
                 kDocumentPath);
  }
}

void SwaggerHandlers::add_routes(Router& router) {
  const auto get = beast_http::verb::get;
  router.add(get, kIndexPath, [](const Request&, const PathParams&, Reply& reply) {
    reply(text_response("text/html; charset=utf-8", kIndexHtml));
  });
  router.add(get, kDocumentPath, [this](const Request&, const PathParams&, Reply& reply) {
    reply(document_ ? text_response("application/yaml; charset=utf-8", *document_)
                    : error_response(status::not_found, "the OpenAPI document is not installed"));
  });
  for (const auto* path : {"/swagger", "/swagger/"}) {
    router.add(get, path, [](const Request&, const PathParams&, Reply& reply) { reply(redirect_to_index()); });
  }
}

}  // namespace products::adapters::http
