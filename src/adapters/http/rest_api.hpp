#pragma once

#include "adapters/http/handler.hpp"
#include "adapters/http/health_handlers.hpp"
#include "adapters/http/http_config.hpp"
#include "adapters/http/product_handlers.hpp"
#include "adapters/http/router.hpp"
#include "adapters/http/swagger_handlers.hpp"
#include "adapters/runtime/work_pool.hpp"
#include "usecase/cached_product_reader.hpp"
#include "usecase/product_service.hpp"

namespace products::adapters::http {

// Every route the REST server answers: the products API, health and readiness, Swagger UI.
class RestApi {
 public:
  RestApi(usecase::ProductService& service, usecase::CachedProductReader& cached, runtime::WorkPool& pool,
          const HttpConfig& config, ReadinessProbe failing);
  RestApi(const RestApi&) = delete;
  RestApi& operator=(const RestApi&) = delete;

  void dispatch(const Request& request, Reply reply) const { router_.dispatch(request, std::move(reply)); }
  std::vector<Router::RouteName> routes() const { return router_.routes(); }
  // For HttpServer; refers to this RestApi, which must outlive the server.
  Handler handler() const;
  // /readyz answers 503 from now on; call before HttpServer::stop so that traffic drains first.
  void set_shutting_down() noexcept { health_.set_shutting_down(); }

 private:
  ProductHandlers products_;
  HealthHandlers health_;
  SwaggerHandlers swagger_;
  Router router_;
};

}  // namespace products::adapters::http
