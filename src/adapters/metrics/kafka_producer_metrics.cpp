#include "adapters/metrics/kafka_producer_metrics.hpp"

#include "adapters/metrics/seconds.hpp"

namespace products::adapters::metrics {

KafkaProducerMetrics::KafkaProducerMetrics(prometheus::Registry& registry)
    : deliveries_(prometheus::BuildCounter()
                      .Name("kafka_producer_deliveries_total")
                      .Help("Kafka delivery reports, by topic and result (ok or failed).")
                      .Register(registry),
                  {"topic", "result"}),
      duration_(prometheus::BuildHistogram()
                    .Name("kafka_producer_delivery_duration_seconds")
                    .Help("Time from producing a Kafka message to its delivery report.")
                    .Register(registry),
                {"topic"}),
      queue_depth_(prometheus::BuildGauge()
                       .Name("kafka_producer_queue_depth")
                       .Help("Messages handed to librdkafka and not yet delivered or failed.")
                       .Register(registry)
                       .Add({})) {}

void KafkaProducerMetrics::delivered(std::string_view topic, bool ok, std::chrono::microseconds latency) {
  queue_depth_.Decrement();
  deliveries_.at({topic, ok ? "ok" : "failed"}).Increment();
  duration_.at({topic}).Observe(seconds(latency));
}

}  // namespace products::adapters::metrics
