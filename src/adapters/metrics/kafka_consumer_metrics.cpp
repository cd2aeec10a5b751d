#include "adapters/metrics/kafka_consumer_metrics.hpp"

#include <string>

#include "adapters/metrics/seconds.hpp"

namespace products::adapters::metrics {

namespace {

const char* result_name(kafka::ConsumerObserver::Result result) {
  switch (result) {
    case kafka::ConsumerObserver::Result::Applied:
      return "applied";
    case kafka::ConsumerObserver::Result::SkippedSuperseded:
      return "skipped_superseded";
    case kafka::ConsumerObserver::Result::Retried:
      return "retried";
    case kafka::ConsumerObserver::Result::DeadLettered:
      return "dead_lettered";
  }
  return "unknown";
}

}  // namespace

KafkaConsumerMetrics::KafkaConsumerMetrics(prometheus::Registry& registry)
    : messages_(prometheus::BuildCounter()
                    .Name("kafka_consumer_messages_total")
                    .Help("Kafka messages handled, by topic and result (applied, skipped_superseded, retried, "
                          "dead_lettered).")
                    .Register(registry),
                {"topic", "result"}),
      lag_(prometheus::BuildGauge()
               .Name("kafka_consumer_lag")
               .Help("Messages between the committed offset and the high-water mark, per assigned partition.")
               .Register(registry),
           {"topic", "partition"}),
      duration_(prometheus::BuildHistogram()
                    .Name("kafka_consumer_processing_duration_seconds")
                    .Help("Time from a Kafka message's receipt to its offset being ready to commit.")
                    .Register(registry),
                {"topic"}),
      rebalances_(prometheus::BuildCounter()
                      .Name("kafka_consumer_rebalances_total")
                      .Help("Partition assignments and revocations seen by this group member.")
                      .Register(registry)
                      .Add({})) {}

void KafkaConsumerMetrics::handled(std::string_view topic, Result result) {
  messages_.at({topic, result_name(result)}).Increment();
}

void KafkaConsumerMetrics::processed(std::string_view topic, std::chrono::nanoseconds took) {
  duration_.at({topic}).Observe(seconds(took));
}

void KafkaConsumerMetrics::lag(std::string_view topic, std::int32_t partition, std::int64_t records) {
  lag_.at({topic, std::to_string(partition)}).Set(static_cast<double>(records));
}

void KafkaConsumerMetrics::unassigned(std::string_view topic, std::int32_t partition) {
  lag_.remove({topic, std::to_string(partition)});
}

}  // namespace products::adapters::metrics
