#include "adapters/metrics/service_metrics.hpp"

#include <prometheus/gauge.h>
#include <prometheus/text_serializer.h>

namespace products::adapters::metrics {

ServiceMetrics::ServiceMetrics(const Build& build, std::string proc)
    : registry_(std::make_shared<prometheus::Registry>()),
      process_(std::make_shared<ProcessCollector>(std::move(proc))),
      http_(*registry_),
      grpc_(*registry_),
      kafka_producer_(*registry_),
      kafka_consumer_(*registry_),
      mongodb_(*registry_, "mongodb", "MongoDB"),
      redis_(*registry_, "redis", "Redis"),
      cache_(*registry_),
      tracing_(*registry_) {
  prometheus::BuildGauge()
      .Name("products_service_build_info")
      .Help("The running build of products-service; always 1.")
      .Register(*registry_)
      .Add({{"version", build.version}, {"revision", build.revision}})
      .Set(1);
}

std::string ServiceMetrics::text() const {
  auto families = registry_->Collect();
  for (auto& family : process_->Collect()) families.push_back(std::move(family));
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace products::adapters::metrics
