#include "adapters/http/swagger_handlers.hpp"

#include <boost/beast/http/field.hpp>
#include <spdlog/spdlog.h>

namespace products::adapters::http {

namespace beast_http = boost::beast::http;
using beast_http::status;

namespace {

constexpr std::string_view kIndexPath = "/swagger/index.html";
constexpr std::string_view kDocumentName = "openapi.yaml";

Response redirect_to_index() {
  Response response{status::moved_permanently, 11};
  response.set(beast_http::field::location, kIndexPath);
  response.prepare_payload();
  return response;
}

}  // namespace

SwaggerHandlers::SwaggerHandlers(const std::string& ui_dir, const std::string& openapi_file) : files_(ui_dir) {
  if (files_.size() == 0) {
    spdlog::warn("http: no Swagger UI files in '{}' (http.swagger_ui_dir; scripts/swagger-ui.sh installs them); "
                 "{} answers 404", ui_dir, kIndexPath);
  }
  if (!files_.add(std::string(kDocumentName), openapi_file)) {
    spdlog::warn("http: cannot read the OpenAPI file '{}'; /swagger/{} answers 404", openapi_file, kDocumentName);
  }
}

void SwaggerHandlers::add_routes(Router& router) {
  const auto get = beast_http::verb::get;
  router.add(get, "/swagger/{file}", [this](const Request& request, const PathParams& params, Reply& reply) {
    reply(files_.serve(request, params.at("file")));
  });
  for (const auto* path : {"/swagger", "/swagger/"}) {
    router.add(get, path, [](const Request&, const PathParams&, Reply& reply) { reply(redirect_to_index()); });
  }
}

}  // namespace products::adapters::http
