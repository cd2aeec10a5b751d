#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "adapters/kafka/producer_observer.hpp"
#include "adapters/metrics/histogram_cache.hpp"
#include "adapters/metrics/metric_cache.hpp"

namespace products::adapters::metrics {

// kafka_producer_deliveries_total{topic,result}, kafka_producer_delivery_duration_seconds{topic}
// and kafka_producer_queue_depth, over every producer that reports here.
class KafkaProducerMetrics final : public kafka::ProducerObserver {
 public:
  explicit KafkaProducerMetrics(prometheus::Registry& registry);

  void accepted() override { queue_depth_.Increment(); }
  void delivered(std::string_view topic, bool ok, std::chrono::microseconds latency) override;

 private:
  MetricCache<prometheus::Counter> deliveries_;
  HistogramCache duration_;
  prometheus::Gauge& queue_depth_;
};

}  // namespace products::adapters::metrics
