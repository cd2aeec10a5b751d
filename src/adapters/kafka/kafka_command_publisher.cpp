#include "adapters/kafka/kafka_command_publisher.hpp"

#include "domain/error.hpp"

namespace products::adapters::kafka {

namespace {

Properties producer_properties(const PublisherOptions& options) {
  if (options.compression != "lz4" && options.compression != "snappy" && options.compression != "zstd" &&
      options.compression != "none") {
    throw domain::Error::invalid_field("kafka.compression", "must be one of lz4, snappy, zstd, none");
  }
  auto properties = options.properties;
  properties["bootstrap.servers"] = options.brokers;
  properties["compression.codec"] = options.compression;
  properties["linger.ms"] = std::to_string(options.linger.count());
  properties["message.timeout.ms"] = std::to_string(options.delivery_timeout.count());
  return properties;
}

}  // namespace

KafkaCommandPublisher::KafkaCommandPublisher(const PublisherOptions& options)
    : codec_(options.topics), producer_(producer_properties(options), "kafka-publish", options.observer) {}

void KafkaCommandPublisher::publish(const domain::ProductCommand& command, domain::Deadline deadline,
                                    Completion done) {
  producer_.send(codec_.encode(command), deadline, std::move(done));
}

}  // namespace products::adapters::kafka
