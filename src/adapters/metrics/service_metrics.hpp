#pragma once

#include <memory>
#include <string>

#include <prometheus/registry.h>

#include "adapters/metrics/cache_metrics.hpp"
#include "adapters/metrics/grpc_metrics.hpp"
#include "adapters/metrics/http_metrics.hpp"
#include "adapters/metrics/kafka_consumer_metrics.hpp"
#include "adapters/metrics/kafka_producer_metrics.hpp"
#include "adapters/metrics/operation_metrics.hpp"
#include "adapters/metrics/process_collector.hpp"
#include "adapters/metrics/tracing_metrics.hpp"

namespace products::adapters::metrics {

// Every metric of deploy/prometheus/METRICS.md, each group behind the observer interface its
// adapter reports to, plus the process collector and products_service_build_info.
class ServiceMetrics {
 public:
  struct Build {
    std::string version;
    std::string revision;
  };

  explicit ServiceMetrics(const Build& build, std::string proc = "/proc");
  ServiceMetrics(const ServiceMetrics&) = delete;
  ServiceMetrics& operator=(const ServiceMetrics&) = delete;

  HttpMetrics& http() noexcept { return http_; }
  GrpcMetrics& grpc() noexcept { return grpc_; }
  KafkaProducerMetrics& kafka_producer() noexcept { return kafka_producer_; }
  KafkaConsumerMetrics& kafka_consumer() noexcept { return kafka_consumer_; }
  OperationMetrics& mongodb() noexcept { return mongodb_; }
  OperationMetrics& redis() noexcept { return redis_; }
  CacheMetrics& cache() noexcept { return cache_; }
  TracingMetrics& tracing() noexcept { return tracing_; }

  // What an exposer serves.
  std::weak_ptr<prometheus::Collectable> registry() const { return registry_; }
  std::weak_ptr<prometheus::Collectable> process() const { return process_; }
  // Everything in the Prometheus text format, as a scrape would see it.
  std::string text() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<ProcessCollector> process_;
  HttpMetrics http_;
  GrpcMetrics grpc_;
  KafkaProducerMetrics kafka_producer_;
  KafkaConsumerMetrics kafka_consumer_;
  OperationMetrics mongodb_;
  OperationMetrics redis_;
  CacheMetrics cache_;
  TracingMetrics tracing_;
};

}  // namespace products::adapters::metrics
