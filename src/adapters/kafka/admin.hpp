#pragma once

#include <string>
#include <vector>

#include "adapters/kafka/kafka_config.hpp"
#include "adapters/kafka/kafka_handles.hpp"
#include "adapters/kafka/topic_spec.hpp"
#include "domain/deadline.hpp"

namespace products::adapters::kafka {

// Topic management through the Kafka admin API. Failures are domain::Error naming the topic:
// InvalidArgument for what the broker refuses (e.g. more replicas than brokers), Unavailable or
// DeadlineExceeded when the cluster does not answer in time.
class Admin {
 public:
  // `properties` must name bootstrap.servers.
  explicit Admin(const Properties& properties);

  // Idempotent: a topic that already exists counts as created and is left as it is. Returns once
  // every partition of every topic has a leader, so that clients can use them at once.
  void create_topics(const std::vector<TopicSpec>& topics, domain::Deadline deadline);
  // Idempotent: a topic that does not exist counts as deleted.
  void delete_topics(const std::vector<std::string>& names, domain::Deadline deadline);

 private:
  void wait_for_leaders(const std::vector<std::string>& names, domain::Deadline deadline);

  KafkaPtr client_;
};

}  // namespace products::adapters::kafka
