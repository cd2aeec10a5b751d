#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/kafka/topic_partition.hpp"

namespace products::adapters::kafka {

struct Header {
  std::string name;
  std::string value;

  friend bool operator==(const Header&, const Header&) = default;
};

// A Kafka message owned by the application: what the producer sends (partition -1 lets the
// partitioner choose by key) and what the consumer hands on, copied out of librdkafka's buffers
// so that its fetch memory is released at once, whatever a worker does with the record.
struct Record {
  std::string topic;
  std::int32_t partition = -1;
  std::int64_t offset = -1;
  std::optional<std::string> key;  // a null key and an empty one are different to the partitioner
  std::string value;
  std::vector<Header> headers;
  std::optional<std::int64_t> timestamp_ms;

  // The last header of that name, as Kafka clients conventionally read duplicates; nullptr if none.
  const std::string* header(std::string_view name) const noexcept;
  TopicPartition topic_partition() const { return {topic, partition}; }
};

}  // namespace products::adapters::kafka
