#pragma once

#include <map>
#include <string>

#include "adapters/kafka/kafka_handles.hpp"

namespace products::adapters::kafka {

// librdkafka properties by name, as the app's configuration passes them through.
using Properties = std::map<std::string, std::string>;

// Builds an rd_kafka_conf_t. Every client made from it logs through spdlog instead of stderr.
// A rejected property throws domain::Error(InvalidArgument) naming the key (never the value,
// which may be a password).
class KafkaConfig {
 public:
  KafkaConfig();
  explicit KafkaConfig(const Properties& properties);

  KafkaConfig& set(const std::string& key, const std::string& value);
  KafkaConfig& set(const Properties& properties);

  rd_kafka_conf_t* get() const noexcept { return conf_.get(); }

  // Makes the client; the configuration is consumed. Throws InvalidArgument when librdkafka
  // refuses the combination (e.g. idempotence with acks=1).
  KafkaPtr create(rd_kafka_type_t type) &&;

 private:
  ConfPtr conf_;
};

}  // namespace products::adapters::kafka
