#pragma once

#include <chrono>
#include <string>

#include "adapters/kafka/command_topics.hpp"
#include "adapters/kafka/kafka_config.hpp"
#include "adapters/kafka/producer_observer.hpp"
#include "adapters/telemetry/tracer.hpp"

namespace products::adapters::kafka {

struct PublisherOptions {
  std::string brokers;  // bootstrap.servers
  CommandTopics topics;
  std::string compression = "lz4";  // lz4, snappy, zstd or none
  // Batching: a few ms of waiting buys much larger batches under load at little latency cost.
  std::chrono::milliseconds linger{5};
  // How long librdkafka keeps trying one message (message.timeout.ms). Past a request's deadline
  // the caller already got Unavailable; this bounds how late the write may still happen.
  std::chrono::milliseconds delivery_timeout{30'000};
  Properties properties;  // further librdkafka settings (security, tuning), applied first
  ProducerObserver* observer = nullptr;  // hears of every message; must outlive the publisher
  // Gives every publish a producer span, the child of the command's trace, whose context the
  // record carries to the consumer; must outlive the publisher. Without it the command's own
  // trace headers travel as they are.
  const telemetry::Tracer* tracer = nullptr;
};

}  // namespace products::adapters::kafka
