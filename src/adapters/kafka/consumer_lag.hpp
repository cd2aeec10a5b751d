#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "adapters/kafka/topic_partition.hpp"

namespace products::adapters::kafka {

struct PartitionLag {
  TopicPartition partition;
  std::int64_t records = 0;
};

// The consumer lag of each partition in a librdkafka statistics document (statistics.interval.ms):
// its `consumer_lag`, the high-water mark (or last stable offset) minus the committed offset.
// Partitions whose lag librdkafka does not know yet (nothing committed, no fetch yet: -1) and the
// internal unassigned partition (-1) are left out. A document that does not parse yields nothing.
std::vector<PartitionLag> consumer_lag(std::string_view statistics);

}  // namespace products::adapters::kafka
