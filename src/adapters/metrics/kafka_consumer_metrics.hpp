#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "adapters/kafka/consumer_observer.hpp"
#include "adapters/metrics/histogram_cache.hpp"
#include "adapters/metrics/metric_cache.hpp"

namespace products::adapters::metrics {

// kafka_consumer_messages_total{topic,result}, kafka_consumer_lag{topic,partition},
// kafka_consumer_processing_duration_seconds{topic} and kafka_consumer_rebalances_total.
class KafkaConsumerMetrics final : public kafka::ConsumerObserver {
 public:
  explicit KafkaConsumerMetrics(prometheus::Registry& registry);

  void handled(std::string_view topic, Result result) override;
  void processed(std::string_view topic, std::chrono::nanoseconds took) override;
  void rebalanced() override { rebalances_.Increment(); }
  void lag(std::string_view topic, std::int32_t partition, std::int64_t records) override;
  void unassigned(std::string_view topic, std::int32_t partition) override;

 private:
  MetricCache<prometheus::Counter> messages_;
  MetricCache<prometheus::Gauge> lag_;
  HistogramCache duration_;
  prometheus::Counter& rebalances_;
};

}  // namespace products::adapters::metrics
