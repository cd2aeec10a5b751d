#pragma once

#include <string>

#include "adapters/kafka/kafka_config.hpp"

namespace products::adapters::kafka {

struct TopicSpec {
  std::string name;
  int partitions = 3;
  int replication_factor = 1;
  Properties configs;  // topic-level settings, e.g. min.insync.replicas
};

}  // namespace products::adapters::kafka
