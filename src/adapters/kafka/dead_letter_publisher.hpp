#pragma once

#include <string>
#include <string_view>

#include "adapters/kafka/async_producer.hpp"
#include "adapters/kafka/kafka_config.hpp"
#include "adapters/kafka/record.hpp"
#include "domain/deadline.hpp"

namespace products::adapters::kafka {

// Writes records the consumer gives up on to the dead-letter topic: the original key, value and
// headers, plus where the record came from and why it failed, so that it can be inspected and
// replayed by hand.
class DeadLetterPublisher {
 public:
  static constexpr std::string_view kTopicHeader = "dlq-topic";
  static constexpr std::string_view kPartitionHeader = "dlq-partition";
  static constexpr std::string_view kOffsetHeader = "dlq-offset";
  static constexpr std::string_view kErrorHeader = "dlq-error";
  static constexpr std::string_view kAttemptsHeader = "dlq-attempts";

  // `properties` must name bootstrap.servers.
  DeadLetterPublisher(const Properties& properties, std::string topic, ProducerObserver* observer = nullptr);

  static Record dead_letter(const Record& original, const std::string& topic, std::string_view error, int attempts);

  // Blocks until the broker acknowledged the record (acks=all); throws domain::Error otherwise.
  // The consumer marks the original done only after this returned.
  void publish(const Record& original, std::string_view error, int attempts, domain::Deadline deadline);

 private:
  std::string topic_;
  AsyncProducer producer_;
};

}  // namespace products::adapters::kafka
