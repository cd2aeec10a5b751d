#include "adapters/http/rest_api.hpp"

namespace products::adapters::http {

RestApi::RestApi(usecase::ProductService& service, usecase::CachedProductReader& cached, runtime::WorkPool& pool,
                 const HttpConfig& config, ReadinessProbe failing)
    : products_(service, cached, pool, config.request_timeout), health_(std::move(failing)), swagger_(config.swagger_ui_dir, config.openapi_file) {
  products_.add_routes(router_);
  health_.add_routes(router_);
  swagger_.add_routes(router_);
  router_.observe(config.observer);
  router_.trace(config.tracer, {std::string(HealthHandlers::kLiveness), std::string(HealthHandlers::kReadiness)});
  router_.allow_cors(CorsPolicy(config.cors_allowed_origins));
}

Handler RestApi::handler() const {
  return [this](const Request& request, Reply reply) { dispatch(request, std::move(reply)); };
}

}  // namespace products::adapters::http
