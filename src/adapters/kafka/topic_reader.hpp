#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "adapters/kafka/kafka_config.hpp"
#include "adapters/kafka/kafka_handles.hpp"
#include "adapters/kafka/record.hpp"
#include "domain/deadline.hpp"

namespace products::adapters::kafka {

// The offsets [begin, end) of one partition: from its low-water mark (the oldest record retention
// kept) to its high-water mark (the next offset to be written) when they were asked for.
struct PartitionRange {
  std::int32_t partition = 0;
  std::int64_t begin = 0;
  std::int64_t end = 0;

  bool contains(std::int64_t offset) const noexcept { return offset >= begin && offset < end; }
  friend bool operator==(const PartitionRange&, const PartitionRange&) = default;
};

// Reads a topic without taking part in any consumer group: partitions are assigned by hand, never
// subscribed to, and no offset is ever committed, so reading disturbs no consumer and leaves
// nothing behind on the cluster. A read stops at the end of the range it was given and never waits
// for records written later. Failures are domain::Error: NotFound for a topic that does not exist,
// DeadlineExceeded or Unavailable when the cluster does not answer (or the range is not read) in time.
class TopicReader {
 public:
  // `properties` must name bootstrap.servers.
  explicit TopicReader(const Properties& properties);

  // Every partition of the topic, in partition order, with its offsets now.
  std::vector<PartitionRange> ranges(const std::string& topic, domain::Deadline deadline);

  // Calls `each` with every record of the range in offset order.
  void read(const std::string& topic, const PartitionRange& range, domain::Deadline deadline,
            const std::function<void(Record)>& each);

 private:
  KafkaPtr client_;
};

}  // namespace products::adapters::kafka
