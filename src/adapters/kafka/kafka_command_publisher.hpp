#pragma once

#include "adapters/kafka/async_producer.hpp"
#include "adapters/kafka/command_codec.hpp"
#include "adapters/kafka/publisher_options.hpp"
#include "usecase/command_publisher.hpp"

namespace products::adapters::kafka {

// Publishes commands to their topics (CommandCodec) through an idempotent acks=all producer.
// publish() never blocks; `done` runs exactly once on the producer's poll thread (see
// AsyncProducer): nullptr when acknowledged, Unavailable when refused, failed or not acknowledged
// before the deadline.
class KafkaCommandPublisher : public usecase::CommandPublisher {
 public:
  // Throws domain::Error(InvalidArgument) naming a bad option (compression, a librdkafka property).
  explicit KafkaCommandPublisher(const PublisherOptions& options);

  void publish(const domain::ProductCommand& command, domain::Deadline deadline, Completion done) override;

  // For shutdown: waits until everything published was delivered or failed.
  bool flush(domain::Deadline deadline) { return producer_.flush(deadline); }
  // For readiness: whether a broker answers in time.
  bool ping(domain::Deadline deadline) const { return producer_.ping(deadline); }

 private:
  CommandCodec codec_;
  AsyncProducer producer_;
  const telemetry::Tracer* tracer_;
};

}  // namespace products::adapters::kafka
