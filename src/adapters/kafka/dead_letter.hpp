#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "adapters/kafka/record.hpp"

namespace products::adapters::kafka {

// A record read back from the dead-letter topic: what DeadLetterPublisher wrote, the original
// record with its dlq-* headers saying where it came from and why it failed. A header that is
// missing or malformed (a record another producer put there) reads as nullopt.
class DeadLetter {
 public:
  explicit DeadLetter(Record record) : record_(std::move(record)) {}

  // As read from the dead-letter topic: its topic, partition, offset and timestamp are the dead letter's.
  const Record& record() const noexcept { return record_; }

  std::optional<std::string> original_topic() const;
  std::optional<std::int32_t> original_partition() const;
  std::optional<std::int64_t> original_offset() const;
  std::optional<std::string> error() const;
  std::optional<int> attempts() const;

  // The original record, to be produced again: to its original topic, with its key, value and
  // headers but none of the dlq-* ones; the partitioner picks the partition by key, as it did the
  // first time. It carries the dead letter's timestamp, so that a command without an issued-at
  // header (whose version is its timestamp) gets the same version however often it is replayed.
  // nullopt when the dead letter names no original topic.
  std::optional<Record> original() const;

 private:
  Record record_;
};

}  // namespace products::adapters::kafka
