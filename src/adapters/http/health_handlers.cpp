#include "adapters/http/health_handlers.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "adapters/http/responses.hpp"

namespace products::adapters::http {

namespace beast_http = boost::beast::http;
using beast_http::status;

HealthHandlers::HealthHandlers(ReadinessProbe failing) : failing_(std::move(failing)) {}

void HealthHandlers::add_routes(Router& router) {
  router.add(beast_http::verb::get, kLiveness, [](const Request&, const PathParams&, Reply& reply) {
    reply(json_response(status::ok, R"({"status":"ok"})"));
  });
  router.add(beast_http::verb::get, kReadiness, [this](const Request&, const PathParams&, Reply& reply) {
    reply(readiness());
  });
}

Response HealthHandlers::readiness() const {
  const auto failing = shutting_down_.load() ? std::vector<std::string>{"shutting down"} : failing_();
  if (failing.empty()) return json_response(status::ok, R"({"status":"ready"})");
  boost::json::array names;
  for (const auto& name : failing) names.emplace_back(name);
  return json_response(status::service_unavailable,
                       boost::json::serialize(boost::json::object{{"status", "unavailable"}, {"failing", names}}));
}

}  // namespace products::adapters::http
